"""``radar analyze``, ``radar train`` and ``radar eval``: the NLP stage from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli.context import AppContext, pass_app

BATCH = 512


@click.command()
@click.option("--input", "input_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV or JSON Lines with id,text and optional published_at, source, metrics.")
@click.option("--output", "output_path", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="JSON Lines to write.")
@click.option("--ner", type=click.Choice(["auto", "all", "off"]), default="auto",
              show_default=True, help="Heavy NER: high/critical-risk posts only, all, or none.")
@pass_app
def analyze(app: AppContext, input_path: Path, output_path: Path, ner: str) -> None:
    """Analyze posts from a file; one output line per good input row."""
    from nlp.analyze import Analyzer
    from nlp.io import read_rows

    analyzer = Analyzer(app.config, ner=ner)
    sources = {s.id: s.model_dump(mode="json") for s in app.config.sources}
    bad = written = 0
    with output_path.open("w", encoding="utf-8") as out:
        batch = []
        for row in told_rows(read_rows(input_path, sources), input_path):
            if row.error:
                bad += 1
                click.echo(f"{input_path}:{row.line}: {row.error}; row skipped", err=True)
                continue
            batch.append(row)
            if len(batch) >= BATCH:
                written, bad = _flush(out, analyzer, batch, input_path, written, bad)
                batch = []
        written, bad = _flush(out, analyzer, batch, input_path, written, bad)
    click.echo(f"{written} rows analyzed (model {analyzer.version}), {bad} bad", err=True)
    if bad:
        sys.exit(1)


def told_rows(rows, input_path: Path):
    """The rows, saying once when the file has no id column."""
    told = False
    for row in rows:
        if row.id_is_line and not told:
            click.echo(f"{input_path}: no id column; each row's id is its line", err=True)
            told = True
        yield row


def _flush(out, analyzer, rows, input_path, written: int, bad: int) -> tuple[int, int]:
    from nlp.io import output_record

    results = analyzer.analyze_each([r.item for r in rows]) if rows else []
    for row, result in zip(rows, results, strict=True):
        if isinstance(result, Exception):
            click.echo(f"{input_path}:{row.line}: analysis failed: {result!r}; row skipped",
                       err=True)
            bad += 1
            continue
        out.write(json.dumps(output_record(row.id, result), ensure_ascii=False) + "\n")
        written += 1
    return written, bad


@click.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Labeled data folder (default: ../shared/data from the "
                                 "config file's folder).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Where to write the models (default: nlp/models).")
@click.option("--no-cv", is_flag=True, help="Skip cross-validation (faster; card has no metrics).")
@pass_app
def train(app: AppContext, data_dir: Path | None, out_dir: Path | None, no_cv: bool) -> None:
    """Rebuild the sector, sentiment, complaint and urgency models and their model card."""
    from nlp.train.build import MODELS, train_all

    data_dir = data_dir or (app.loaded.base_dir.parent / "shared" / "data")
    if not (data_dir / "DATA.md").exists():
        raise click.ClickException(f"{data_dir}: not a data folder (no DATA.md); use --data")
    out_dir = out_dir or MODELS
    out_dir.mkdir(parents=True, exist_ok=True)
    report = train_all(data_dir, out_dir, cv=not no_cv)
    for task, rep in report.items():
        cv = rep.get("cv", {}).get("overall")
        figures = f"CV macro-F1 {cv['macro_f1']}, accuracy {cv['accuracy']}" if cv else "no CV"
        click.echo(f"{task}: {rep['rows']} rows, {figures}")
    click.echo(f"models and model card written to {out_dir}")


@click.command(name="eval")
@click.option("--task", required=True,
              type=click.Choice(["sector", "sentiment", "complaint", "risk"]),
              help="risk: labels are levels (none, low, medium, high, critical).")
@click.option("--data", "data_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV, TSV or JSON Lines with a text and a label column (docs/nlp.md).")
@pass_app
def evaluate(app: AppContext, task: str, data_path: Path) -> None:
    """Score a model (or the risk level) on a labeled file: per-class P/R/F1, macro-F1,
    accuracy, confusion matrix."""
    from nlp.analyze import Analyzer
    from nlp.evaluate import predict, report, urgent_summary
    from nlp.labeled import read_labeled

    try:
        data = read_labeled(data_path, task, app.config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    tell_left_out(data)
    if not data.texts:
        raise click.ClickException(f"{data_path}: no row to score")
    analyzer = Analyzer(app.config, ner="off")
    predicted = predict(analyzer, task, data.texts)
    click.echo(f"task {task}, {len(data.texts)} rows, model {analyzer.version}")
    click.echo(report(data.labels, predicted))
    if task == "risk":
        click.echo(urgent_summary(data.labels, predicted))


def tell_left_out(data, shown: int = 20) -> None:
    for problem in data.problems[:shown]:
        click.echo(problem, err=True)
    if len(data.problems) > shown:
        click.echo(f"... {len(data.problems) - shown} more rows left out", err=True)
    for note, count in sorted(data.notes.items()):
        click.echo(f"{count} {note}", err=True)
