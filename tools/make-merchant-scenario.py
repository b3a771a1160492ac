#!/usr/bin/env python3
"""Writes Fixtures/scenarios/merchants-reports-credit-2023-2026.jsonl from the seeds' stories.

Unified social credit codes are given their GB 32100 check character here, so the fixture stays valid.
Run from the repository's top folder: python3 tools/make-merchant-scenario.py
"""
import json

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def code(first17):
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + ALPHABET[(31 - total % 31) % 31]


jiujiuya, liufuya = code("91330421MA28JJY01"), code("91330421MA28LFY02")   # 嘉善: cross-store return brands (seed 000)
cx_mart = "91330522MA2B3C4D57"                                            # 长兴放心超市
linyi = "91371302MA3N7Q2K1H"                                              # 临沂兰山 store (seed 003)
daishan = [(code("91330921MA2A0D4Q8"), "岱山海鲜酒家"), (code("91330921MA2A1DH02"), "岱山渔家民宿")]   # seed 004
delisted = code("91330522MA2B9XX03")

jiashan = {"id": "jiashan-amr-01", "role": "regulator"}
changxing = {"id": "changxing-amr-01", "role": "regulator"}
lanshan = {"id": "lanshan-amr-02", "role": "regulator"}
daishan_amr = {"id": "daishan-amr-01", "role": "regulator"}
platform = {"id": "zjmarket-platform", "role": "system"}
bank = {"id": "daishan-rcb", "role": "bank"}
lines = []


def merchant(actor, target, key, body):
    lines.append({"id": f"mer-{len(lines) + 1:03d}", "actor": actor, "merchant": target, key: body})


for target, name, brand in [(jiujiuya, "久久丫嘉善门店", "久久丫"), (liufuya, "留夫鸭嘉善门店", "留夫鸭")]:
    merchant(platform, target, "apply", {"on": "2023-03-01", "name": name, "region": "330421", "industry": "餐饮",
                                         "address": "嘉善县魏塘街道", "route": "local-nomination"})
    merchant(platform, target, "preReview", {"on": "2023-03-02", "passed": True})
    merchant(jiashan, target, "pledge", {"on": "2023-03-02", "kind": "cross-store-return", "brand": brand,
                                         "coverage": ["嘉善", "青浦", "吴江"]})
    merchant(jiashan, target, "review", {"on": "2023-03-10", "passed": True})

for key, body in [
    ("apply", {"on": "2025-03-03", "name": "长兴放心超市", "region": "330522", "industry": "零售", "address": "长兴县雉城街道", "route": "self-declared"}),
    ("preReview", {"on": "2025-03-04", "passed": True}),
    ("pledge", {"on": "2025-03-04", "kind": "reassured-consumption"}),
    ("pledge", {"on": "2025-03-04", "kind": "offline-no-reason-return", "windowDays": 7, "exclusions": ["定制商品", "生鲜食品"]}),
    ("review", {"on": "2025-03-10", "passed": True}),
    ("evaluate", {"on": "2025-06-30", "score": 92, "stars": 4, "rank": "county"}),
    ("inspect", {"on": "2025-10-16", "method": "undercover", "passed": False, "findings": "拒绝无理由退货"}),
    ("recordBreach", {"on": "2025-10-16", "kind": "offline-no-reason-return", "description": "拒绝无理由退货", "complaint": "complaint-2025-CX-0107"}),
    ("rectify", {"on": "2025-11-03", "description": "已退货，店员培训完毕"}),
]:
    merchant(changxing, cx_mart, key, body)

for key, body in [
    ("apply", {"on": "2024-05-06", "name": "兰山某商店", "region": "371302", "industry": "零售", "address": "临沂市兰山区", "route": "self-declared"}),
    ("preReview", {"on": "2024-05-07", "passed": True}),
    ("pledge", {"on": "2024-05-07", "kind": "prior-compensation", "fundFen": 5_000_000}),
    ("review", {"on": "2024-05-15", "passed": True}),
    ("inspect", {"on": "2025-04-10", "method": "online-spot-check", "passed": True}),
    ("pledge", {"on": "2025-04-11", "kind": "offline-no-reason-return", "windowDays": 15}),
    ("withdrawPledge", {"on": "2025-12-31", "kind": "offline-no-reason-return"}),
]:
    merchant(lanshan, linyi, key, body)

for target, name in daishan:
    merchant(platform, target, "apply", {"on": "2025-04-01", "name": name, "region": "330921", "industry": "餐饮住宿",
                                         "address": "岱山县高亭镇", "route": "local-nomination"})
    merchant(platform, target, "preReview", {"on": "2025-04-02", "passed": True})
    merchant(daishan_amr, target, "pledge", {"on": "2025-04-02", "kind": "reassured-consumption"})
    merchant(daishan_amr, target, "review", {"on": "2025-04-09", "passed": True})
    # ¥360m over 63 merchants: about ¥5.71m each; ¥407.9k of fee subsidies over 317 merchants: about ¥1,286 each.
    merchant(bank, target, "grantCredit", {"on": "2025-11-03", "bank": "岱山农商银行", "product": "放心贷", "amountFen": 571_428_571, "termMonths": 36})
    merchant(bank, target, "openCardAcquiring", {"on": "2025-11-10", "bank": "岱山农商银行", "feeSubsidyFen": 128_600})
# One line expires at its term; a second, shorter one is revoked when its merchant enters the warning library.
merchant(bank, daishan[0][0], "grantCredit", {"on": "2025-11-12", "bank": "岱山农商银行", "product": "经营周转贷", "amountFen": 50_000_000, "termMonths": 6})
merchant(bank, daishan[0][0], "expireCredit", {"on": "2026-05-12", "bank": "岱山农商银行", "product": "经营周转贷"})
merchant(bank, daishan[1][0], "grantCredit", {"on": "2026-01-05", "bank": "岱山农商银行", "product": "经营周转贷", "amountFen": 30_000_000, "termMonths": 12})
merchant(bank, daishan[1][0], "revokeCredit", {"on": "2026-03-02", "bank": "岱山农商银行", "product": "经营周转贷", "reason": "进入预警库"})

for key, body in [
    ("apply", {"on": "2024-02-19", "name": "长兴某电器行", "region": "330522", "industry": "零售", "address": "长兴县画溪街道", "route": "self-declared"}),
    ("preReview", {"on": "2024-02-20", "passed": True}),
    ("review", {"on": "2024-02-28", "passed": True}),
    ("recordViolation", {"on": "2025-07-02", "kind": "administrative-penalty", "description": "销售不合格产品", "penaltyFen": 5_000_000}),
    ("listAbnormal", {"on": "2025-07-03", "reason": "未按规定公示年报"}),
    ("removeAbnormal", {"on": "2025-07-08", "reason": "已补报年报"}),
    ("delist", {"on": "2025-07-10", "reason": "严重违法，摘牌"}),
]:
    merchant(changxing, delisted, key, body)

weiyan = {"id": "cx-weiyan", "role": "system"}   # 长兴微眼, the reporting app (seed 000)
report = "2025-CX-R-0031"
lines += [
    {"id": "rep-001", "actor": weiyan, "report": report, "receiveReport": {
        "channel": "12315-online", "reporter": "reporter-cx-0031", "reporterName": "李四", "reporterPhone": "13912345678",
        "merchant": delisted, "merchantName": "长兴某电器行", "allegation": "销售不合格电热水壶", "receivedRegion": "330522", "receivedOn": "2025-06-09"}},
    {"id": "rep-002", "actor": changxing, "report": report, "verify": {"on": "2025-06-20", "substantiated": True, "findings": "抽检不合格"}},
    {"id": "rep-003", "actor": changxing, "report": report, "decideCase": {"on": "2025-06-23", "filed": True, "reference": "长市监立〔2025〕31号"}},
    # A real-name reporter is told within 5 working days whether a case was filed (D7).
    {"id": "rep-006", "actor": changxing, "report": report, "notifyReporter": {"on": "2025-06-25"}},
    {"id": "rep-004", "actor": changxing, "report": report, "closeCase": {"on": "2025-07-02", "penaltyFen": 5_000_000, "decision": "罚款五万元，没收违法所得"}},
    {"id": "rep-005", "actor": changxing, "report": report, "payReward": {"on": "2025-07-15", "amountFen": 300_000}},
]

with open("Fixtures/scenarios/merchants-reports-credit-2023-2026.jsonl", "w") as out:
    for line in lines:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
print(f"{len(lines)} lines")
