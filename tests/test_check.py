"""`trainerkit check`: lints a reviewing trainer would give, --strict, JSON for editors and CI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from trainerkit.build import check
from trainerkit.cli import main

from conftest import COURSES, outputs_in


def course(tmp: Path, module: str, name: str = "01-a.md") -> Path:
    root = tmp / "c"
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text("title: T\nlanguage: zh-CN\n", encoding="utf-8")
    (root / "modules" / name).write_text(module, encoding="utf-8")
    return root


GOOD_FRONT = "---\ntitle: A\nduration: 30\nobjectives:\n  - 一\n---\n"


def warnings(root: Path) -> list[tuple[int, str]]:
    return [(d.location.line, d.message) for d in check(root) if d.severity == "warning"]


def test_clean_sample_course_has_no_warnings() -> None:
    """None but the two its last class's results raise on purpose (courses/complaint-handling/
    results/: a question whose key looks wrong, another with a negative discrimination;
    tests/test_next_run.py says what they say)."""
    found = check(COURSES / "complaint-handling")
    assert [(Path(d.location.path).name, d.severity, "misbehaved in the last class" in d.message)
            for d in found] == [("03-knowledge-base.md", "warning", True), ("final.txt", "warning", True)]


def test_avoid_phrase_in_script_and_say_lines(tmp_path: Path) -> None:
    root = course(tmp_path, GOOD_FRONT + """
## S

::: phrases
avoid: 这不归我们管。
say: 我来帮您联系负责的同事。
avoid: calm down
say: Please calm down, I will help.
:::

::: script
坐席: 您好。
坐席: 这不归我们管，您找别人吧。
:::
""")
    found = warnings(root)
    assert len(found) == 2
    assert found[0][0] == 13 and '"calm down"' in found[0][1]  # a say: that uses an avoid phrase
    assert found[1][0] == 19 and '"这不归我们管"' in found[1][1]  # the script turn


def test_crowded_slide_and_missing_front_matter(tmp_path: Path) -> None:
    bullets = "\n".join(f"- point {n}" for n in range(8))
    long_text = "\n\n".join("很长的一段话" * 12 for _ in range(8))
    root = course(tmp_path, f"---\ntitle: A\n---\n\n## Many\n\n{bullets}\n\n## Long\n\n{long_text}\n")
    found = warnings(root)
    lines = [line for line, _ in found]
    assert lines.count(1) == 2  # no objectives, no duration
    assert any(line == 5 and "8 bullets" in m for line, m in found)
    assert any(line == 16 and "will not fit" in m for line, m in found)


def test_big_image_warns(tmp_path: Path) -> None:
    from PIL import Image

    root = course(tmp_path, GOOD_FRONT + "\n## S\n\n![big](../images/big.png)\n")
    (root / "images").mkdir()
    noise = Image.effect_noise((1600, 1200), 100).convert("RGB")
    noise.save(root / "images" / "big.png", compress_level=0)
    assert (root / "images" / "big.png").stat().st_size > 5 * 1024 * 1024
    assert any("MB" in m for _, m in warnings(root))


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    root = course(tmp_path, "---\ntitle: A\n---\n\n## S\n\nx\n")
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(root)]).exit_code == 0
    strict = runner.invoke(main, ["check", str(root), "--strict"])
    assert strict.exit_code == 1 and "error: this module has no objectives" in strict.output
    built = runner.invoke(main, ["build", str(root), "-o", str(tmp_path / "o"), "--strict"])
    assert built.exit_code == 1
    assert not (tmp_path / "o").exists() or outputs_in(tmp_path / "o") == {}


def test_json_report(tmp_path: Path) -> None:
    root = course(tmp_path, "---\ntitle: A\nduration: soon\n---\n\n## S\n\nx\n")
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"] == 1
    (err,) = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert err["path"].endswith("01-a.md") and err["line"] == 3 and "duration" in err["message"]


def test_build_shows_the_same_warnings(tmp_path: Path) -> None:
    root = course(tmp_path, "---\ntitle: A\n---\n\n## S\n\nx\n")
    result = CliRunner().invoke(main, ["build", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0 and "warning: this module has no duration" in result.output


def test_objective_no_question_assesses(tmp_path: Path) -> None:
    root = course(tmp_path, "---\ntitle: A\nduration: 30\nobjectives:\n  - 问候\n  - 核实\n---\n\n"
                  "## Quiz\n\n```quiz\nObjective: 1\n1.  开场先说什么？\n*a) 公司名称\nb)  天气\n```\n")
    found = warnings(root)
    assert len(found) == 1 and found[0][0] == 1
    assert 'objective 2 ("核实") is assessed by no quiz question' in found[0][1]


def test_a_broken_front_matter_is_reported_once(tmp_path: Path) -> None:
    root = course(tmp_path, "---\ntitle: A\nobjectives: [a\n---\n\n## Q\n\n```quiz\nObjective: 1\n"
                            "1.  x?\n*a) y\nb)  z\n```\n")
    found = check(root)
    assert len(found) == 1 and found[0].severity == "error" and "YAML" in found[0].message


def test_a_bad_duration_is_not_also_a_missing_one(tmp_path: Path) -> None:
    root = course(tmp_path, "---\ntitle: A\nduration: soon\nobjectives: [a]\n---\n\n## S\n\nx\n")
    assert [(d.severity, d.location.line) for d in check(root)] == [("error", 3)]


def test_a_missing_picture_names_both_places_and_a_near_miss(tmp_path: Path) -> None:
    from PIL import Image

    root = course(tmp_path, GOOD_FRONT + "\n## S\n\n![x](images/flow.png)\n")
    (root / "images").mkdir()
    Image.new("RGB", (9, 9)).save(root / "images" / "Flow.png")
    (err,) = [d for d in check(root) if d.severity == "error"]
    assert "modules/images/flow.png or " in err.message and 'did you mean "Flow.png"' in err.message


def test_course_yml_knows_every_output_of_the_registry() -> None:
    from trainerkit import OUTPUT_NAMES
    from trainerkit.outputs import OUTPUTS

    assert OUTPUT_NAMES == tuple(OUTPUTS) or set(OUTPUT_NAMES) == set(OUTPUTS)
