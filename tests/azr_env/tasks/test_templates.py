"""Prompts: what each role is shown, and what it must never be shown."""
from azr_env.tasks import (
    PromptTemplates,
    Task,
    TaskConfig,
    TaskType,
    as_chat_messages,
    build_proposer_prompt,
    build_solver_prompt,
    seed_task,
)

CONFIG = TaskConfig()
PROGRAM = "def f(a):\n    return sorted(a)"
SECRET = "def f(a):\n    return a[::-1]  # SECRET"


def test_proposer_prompt_shows_references_rules_and_format():
    refs = [seed_task(TaskType.DEDUCTION), Task(TaskType.DEDUCTION, PROGRAM, "[3, 1]", "[1, 3]")]
    prompt = build_proposer_prompt(TaskType.DEDUCTION, refs, CONFIG)
    assert PROGRAM in prompt and "[3, 1]" in prompt and "[1, 3]" in prompt
    assert "'Hello world'" in prompt
    assert "deterministic" in prompt and "math" in prompt  # rules name allowed modules
    assert "<answer>" in prompt and "```input" in prompt


def test_proposer_prompt_without_references_says_so():
    assert "(none yet)" in build_proposer_prompt("abduction", [], CONFIG)


def test_induction_proposer_prompt_asks_for_n_inputs_and_a_message():
    prompt = build_proposer_prompt(TaskType.INDUCTION, [seed_task(TaskType.INDUCTION)], TaskConfig(n_induction_inputs=6))
    assert "6 different inputs" in prompt and "```message" in prompt
    assert "The function gives back its argument." in prompt


def test_deduction_solver_sees_program_and_input_not_output():
    task = Task(TaskType.DEDUCTION, PROGRAM, "[3, 1, 2]", "'UNIQUE_OUTPUT'")
    prompt = build_solver_prompt(task, CONFIG)
    assert PROGRAM in prompt and "[3, 1, 2]" in prompt and "UNIQUE_OUTPUT" not in prompt


def test_abduction_solver_sees_program_and_output_not_input():
    task = Task(TaskType.ABDUCTION, PROGRAM, "'UNIQUE_INPUT'", "[1, 2, 3]")
    prompt = build_solver_prompt(task, CONFIG)
    assert PROGRAM in prompt and "[1, 2, 3]" in prompt and "UNIQUE_INPUT" not in prompt


def test_induction_solver_sees_visible_pairs_and_message_only():
    examples = (("'ab'", "'ba'"), ("'xyz'", "'zyx'"), ("'HIDDEN1'", "'1NEDDIH'"), ("'HIDDEN2'", "'2NEDDIH'"))
    task = Task(TaskType.INDUCTION, SECRET, "'ab'", "'ba'", examples=examples, message="Reverses text.")
    prompt = build_solver_prompt(task, CONFIG)
    assert "'xyz'" in prompt and "'zyx'" in prompt and "Reverses text." in prompt
    assert "HIDDEN" not in prompt and "NEDDIH" not in prompt and "SECRET" not in prompt


def test_templates_are_swappable_data():
    config = TaskConfig(templates=PromptTemplates(solver_deduction="Q: f({input}) with\n{program}\nA:"))
    prompt = build_solver_prompt(Task(TaskType.DEDUCTION, PROGRAM, "[2, 1]", "[1, 2]"), config)
    assert prompt == f"Q: f([2, 1]) with\n{PROGRAM}\nA:"


def test_program_braces_survive_formatting():
    task = Task(TaskType.DEDUCTION, "def f(a):\n    return {'k': a}", "'{x}'", "{'k': '{x}'}")
    prompt = build_solver_prompt(task, CONFIG)
    assert "return {'k': a}" in prompt and "'{x}'" in prompt


def test_chat_form():
    assert as_chat_messages("hi") == [{"role": "user", "content": "hi"}]
    assert as_chat_messages("hi", system="sys")[0] == {"role": "system", "content": "sys"}
