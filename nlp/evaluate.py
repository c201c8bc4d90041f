"""`radar eval`: per-class precision/recall/F1, macro-F1, accuracy and a confusion matrix."""

from __future__ import annotations

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.metrics import precision_recall_fscore_support as prfs


def predict(analyzer, task: str, texts: list[str], batch: int = 512) -> list[str]:
    from nlp.analyze import Item

    out = []
    for start in range(0, len(texts), batch):
        results = analyzer.analyze_many([Item(t) for t in texts[start:start + batch]])
        for r in results:
            if task == "complaint":
                out.append("yes" if r.complaint >= 0.5 else "no")
            elif task == "risk":
                out.append(r.risk_level)
            else:
                out.append(getattr(r, task))
    return out


URGENT = ("high", "critical")


def urgent_summary(y_true: list[str], y_pred: list[str]) -> str:
    """Recall and precision of "high or critical" as one class (the risk target)."""
    true = [t in URGENT for t in y_true]
    pred = [p in URGENT for p in y_pred]
    hits = sum(t and p for t, p in zip(true, pred, strict=True))
    recall = hits / sum(true) if any(true) else 0.0
    precision = hits / sum(pred) if any(pred) else 0.0
    return (f"high+critical: recall {recall:.3f}, precision {precision:.3f} "
            f"({sum(true)} labeled, {sum(pred)} predicted)")


def report(y_true: list[str], y_pred: list[str]) -> str:
    labels = sorted(set(y_true) | set(y_pred))
    p, r, f, n = prfs(y_true, y_pred, labels=labels, zero_division=0)
    lines = [f"{'class':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    lines += [f"{c:<12}{pi:>10.3f}{ri:>10.3f}{fi:>10.3f}{ni:>10d}"
              for c, pi, ri, fi, ni in zip(labels, p, r, f, n, strict=False)]
    macro = f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)
    lines += ["", f"macro-F1  {macro:.4f}", f"accuracy  {accuracy_score(y_true, y_pred):.4f}",
              "", "confusion matrix (rows = true, columns = predicted):",
              " " * 12 + "".join(f"{c[:9]:>10}" for c in labels)]
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    lines += [f"{c:<12}" + "".join(f"{v:>10d}" for v in row)
              for c, row in zip(labels, matrix, strict=True)]
    return "\n".join(lines)
