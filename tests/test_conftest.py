"""The test set-up's own rules: missing programs skip with a reason, CI=true allows no skip."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).with_name("conftest.py").read_text(encoding="utf-8")
SKIPPING = '''
import pytest

def test_skips():
    pytest.skip("no oracle here")

@pytest.mark.xfail(reason="known")
def test_expected_failure():
    assert False

def test_passes():
    pass
'''


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_skipping=SKIPPING)
    pytester.makeini("[pytest]\nmarkers =\n    graphviz_binary: dot\n    browser: browser\n")
    return pytester


def test_a_skip_is_a_skip_outside_ci(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    suite.runpytest_subprocess("-p", "no:randomly").assert_outcomes(
        passed=1, skipped=1, xfailed=1
    )


def test_under_ci_a_skip_fails_with_its_reason(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    result = suite.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1, xfailed=1)
    result.stdout.fnmatch_lines(["*nothing may skip*no oracle here*"])


def test_under_ci_a_module_skipped_at_import_fails(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    suite.makepyfile(test_import='import pytest\npytest.importorskip("no_such_oracle")\n')
    result = suite.runpytest_subprocess("-p", "no:randomly", "test_import.py")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*nothing may skip*no_such_oracle*"])


def test_missing_programs_skip_with_the_reason(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PATH", str(suite.path))  # no dot, no chromium, no chromedriver
    suite.makepyfile(test_marked='''
import pytest

@pytest.mark.graphviz_binary
def test_draws():
    pass

@pytest.mark.browser
def test_clicks():
    pass
''')
    result = suite.runpytest_subprocess("-p", "no:randomly", "-rs", "test_marked.py")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*`dot` is not installed*", "*chromium, chromedriver*"])
