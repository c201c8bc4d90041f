import pytest

from pipeline.report.answers import is_interim


@pytest.mark.parametrize("text, interim", [
    ("Ваше обращение взято на контроль", True),
    ("Информация направлена в управляющую компанию, разберёмся", True),
    ("Специалисты проводят проверку, о результатах сообщим", True),
    ("Вопрос рассматривается, ответ будет дан в ближайшее время", True),
    ("", True),
    ("Подача воды восстановлена в 14:00", False),
    ("Яму засыпали, ремонт выполнен", False),
    ("Проверили: авария устранена, отопление восстановлено", False),
    ("Выплата назначена с 1 декабря", False),
    ("Вызов бригады был. Спасибо за сигнал.", False),
])
def test_interim_or_full(text, interim):
    assert is_interim(text) is interim
