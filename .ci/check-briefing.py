#!/usr/bin/env python3
"""Checks the demo's briefing.csv: one row per county of 庆阳市 and indicator, plus the prefecture's total row,
and that the key figures agree with what the sample reports say (data/samples/expected.csv).

Usage: check-briefing.py BRIEFING.csv [PERIOD]   — ends with a count of checks that held and failed.
"""
import collections, csv, sys, os

COUNTIES = ["西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"]
NAMES = {  # indicator code → Chinese name in data/catalog.json
    "inspection.entities_checked": "检查主体", "sampling.batches": "抽检批次", "personnel.dispatched": "出动执法人员",
    "enforcement.cases_filed": "立案查处案件", "investment.amount": "固定资产投资", "projects.started": "新开工项目",
}
CODES = {"621002": "西峰区", "621021": "庆城县", "621022": "环县", "621023": "华池县", "621024": "合水县",
         "621025": "正宁县", "621026": "宁县", "621027": "镇原县"}

path, period = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "2026-Q2")
raw = open(path, "rb").read()
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


check(raw.startswith(b"\xef\xbb\xbf"), "the file starts with a UTF-8 BOM")
check(b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "every line ends with CRLF")
rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
by_indicator = collections.defaultdict(list)
for row in rows:
    by_indicator[row["指标"]].append(row["地区"])
check(len(by_indicator) >= len(NAMES), f"at least {len(NAMES)} indicators (found {len(by_indicator)})")
for indicator, regions in sorted(by_indicator.items()):
    counties = [r for r in regions if r in COUNTIES]
    check(sorted(counties) == sorted(COUNTIES), f"{indicator}: one row per county, got {counties}")
    check(sum(1 for r in regions if r.endswith("合计")) == 1, f"{indicator}: one total row")
    check(len(regions) == len(COUNTIES) + 1, f"{indicator}: nothing else ({len(regions)} rows)")
for code, name in NAMES.items():
    check(name in by_indicator, f"the briefing has {name} ({code})")

# Every key figure must be what the reports say: extraction, submit and rollup end to end.
expected = collections.defaultdict(float)
here = os.path.dirname(os.path.abspath(__file__))
for e in csv.DictReader(open(os.path.join(here, "../data/samples/expected.csv"), encoding="utf-8")):
    if e["file"].startswith(period) and e["role"] != "part":
        expected[(CODES[e["file"].split("/")[1][:6]], NAMES[e["indicator"]])] += float(e["base_value"])
agree = sum(1 for row in rows if (row["地区"], row["指标"]) in expected and row["本期"]
            and abs(float(row["本期"]) - expected[(row["地区"], row["指标"])]) < 1e-6)
print(f"key figures that match the sample reports: {agree} of {len(expected)}")
got = {(row["地区"], row["指标"]): row["本期"] for row in rows}
for key, value in sorted(expected.items()):
    if not got.get(key) or abs(float(got[key]) - value) >= 1e-6:
        print(f"  differs: {key[0]} {key[1]}: briefing {got.get(key) or '—'}, reports say {value:g}")
check(agree == len(expected) and len(expected) >= 40, f"all {len(expected)} key figures match the sample reports")
print(f"briefing checks: {passed} held, {failed} failed")
sys.exit(1 if failed else 0)
