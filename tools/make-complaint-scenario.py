#!/usr/bin/env python3
"""Writes Fixtures/scenarios/complaints-2023-2026.jsonl: the seeds' complaint stories, then a deterministic
spread of complaints across the seeds' regions and channels, 2023 to 2026, in the seeds' proportions.

Run from the repository's top folder: python3 tools/make-complaint-scenario.py
The output is the same on every run (fixed random seed).
"""
import datetime
import json
import random

rng = random.Random(20260415)
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def code(first17):
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + ALPHABET[(31 - total % 31) % 31]


# Regions of the seeds (GB/T 2260) and a merchant in each.
REGIONS = {
    "330522": "长兴县", "330421": "嘉善县", "320412": "常州市武进区", "220102": "长春市南关区", "371302": "临沂市兰山区",
    "330203": "宁波市海曙区", "330702": "金华市婺城区", "330802": "衢州市柯城区", "330681": "诸暨市", "330921": "岱山县",
}
MERCHANTS = [(region, code(f"9{1 if i % 3 else 2}{region}MA2{i:02d}QK{i % 10}"[:17].ljust(17, "0")), f"{name}第{i}号商户")
             for i, (region, name) in enumerate(sorted(REGIONS.items()) * 2)]
CHANNELS = ["12315-hotline"] * 4 + ["12315-online"] * 5 + ["12345-transfer"] * 2 + ["letter", "visit", "service-station", "odr-enterprise"]
SUBCATEGORIES = {"goods": ["食品", "家用电器", "服装鞋帽", "通讯器材", "日用商品"], "service": ["餐饮", "美容美发", "预付卡", "旅游", "网络购物服务"]}
GROUNDS = ["outside-jurisdiction", "already-handled", "not-consumer-dispute", "time-barred", "materials-missing"]

lines = []


numbered = 0


def add(actor, complaint, key, body, id=None):
    """A line; numbered c-0001 on unless it names its id, so that lines added later leave the others' ids as they were."""
    global numbered
    if id is None:
        numbered += 1
        id = f"c-{numbered:04d}"
    lines.append({"id": id, "actor": actor, "complaint": complaint, key: body})


def working_day_after(day, days):
    """A later weekday (the decider does not need working days for these dates; they only must not go back)."""
    day += datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def iso(day):
    return day.isoformat()


# 1. The seeds' stories, as fixed entries.
platform = {"id": "12315-platform", "role": "system"}
wujin = {"id": "changzhou-wujin-amr", "role": "regulator"}
jiashan_maker = "91330421MA2JXC8P3R"
story = "2022-WJ-0001"   # seed 000: the Changzhou restaurant, its Jiashan supplier, 1,000 yuan paid first, video mediation
add(platform, story, "receive", {"channel": "12315-online", "consumer": "consumer-wj-0001", "consumerName": "武进某餐馆负责人",
    "consumerPhone": "13900000001", "merchant": jiashan_maker, "merchantName": "嘉善某酱菜厂", "category": "goods", "subcategory": "食品",
    "amountInDisputeFen": 100000, "receivedRegion": "320412", "merchantRegion": "330421", "receivedOn": "2025-06-03"})
add(wujin, story, "assign", {"on": "2025-06-03", "unit": "亲吾家消费维权工作室", "transferred": True})
add(wujin, story, "accept", {"on": "2025-06-05"})
add(wujin, story, "compensate", {"on": "2025-06-06", "amountFen": 100000, "payer": "prior-compensation-fund", "kind": "compensation"})
add(wujin, story, "startMediation", {"on": "2025-06-09", "mode": "online-video"})
add(wujin, story, "endMediation", {"on": "2025-06-12", "outcome": "agreement"})
add(wujin, story, "close", {"on": "2025-06-13"})
add(wujin, story, "giveFeedback", {"on": "2025-06-13"})
add(platform, story, "rateSatisfaction", {"on": "2025-06-16", "satisfied": True})

changxing = {"id": "changxing-amr-01", "role": "regulator"}
story = "2025-CX-0107"   # the no-reason return the Changxing supermarket refused (its breach is in the merchant scenario)
add(platform, story, "receive", {"channel": "12315-hotline", "consumer": "consumer-cx-0107", "consumerName": "张三", "consumerPhone": "13800138000",
    "merchant": "91330522MA2B3C4D57", "merchantName": "长兴放心超市", "category": "goods", "subcategory": "家用电器",
    "amountInDisputeFen": 29900, "receivedRegion": "330522", "merchantRegion": "330522", "receivedOn": "2025-09-26"})
add(changxing, story, "accept", {"on": "2025-10-09"})
add(changxing, story, "startMediation", {"on": "2025-10-10", "mode": "administrative"})
add(changxing, story, "endMediation", {"on": "2025-10-14", "outcome": "agreement"})
add(changxing, story, "compensate", {"on": "2025-10-15", "amountFen": 29900, "payer": "merchant", "kind": "no-reason-return"})
add(changxing, story, "close", {"on": "2025-10-15"})
add(changxing, story, "giveFeedback", {"on": "2025-10-16"})
add(platform, story, "rateSatisfaction", {"on": "2025-10-17", "satisfied": True})
add(changxing, story, "revisit", {"on": "2025-11-17", "note": "回访：消费者满意"})

# 2. A spread of complaints, 2023-01 to 2026-11 (before the unpublished 2027), in the seeds' proportions.
start, end = datetime.date(2023, 1, 3), datetime.date(2026, 11, 20)
for number in range(1, 71):
    received = working_day_after(start + datetime.timedelta(days=rng.randrange((end - start).days)), 0)
    region, merchant, merchant_name = rng.choice(MERCHANTS)
    received_region = region if rng.random() < 0.85 else rng.choice(sorted(REGIONS))   # some cross-region complaints
    category = rng.choice(["goods", "service"])
    amount = rng.choice([1990, 5900, 12800, 29900, 59900, 128000, 350000])
    complaint = f"{received.year}-{received_region[:4]}-{number:04d}"
    official = {"id": f"amr-{received_region}", "role": "regulator"}
    consumer = f"consumer-{received.year}-{number:04d}"
    add({"id": "12315-platform", "role": "system"}, complaint, "receive", {
        "channel": rng.choice(CHANNELS), "consumer": consumer, "consumerName": f"消费者{number:04d}",
        "consumerPhone": f"139{rng.randrange(10**8):08d}", "merchant": merchant, "merchantName": merchant_name,
        "category": category, "subcategory": rng.choice(SUBCATEGORIES[category]), "amountInDisputeFen": amount,
        "receivedRegion": received_region, "merchantRegion": region, "receivedOn": iso(received)})
    day = working_day_after(received, rng.randrange(1, 6))
    if rng.random() < 0.1:   # not accepted
        add(official, complaint, "refuse", {"on": iso(day), "ground": rng.choice(GROUNDS)})
        add(official, complaint, "close", {"on": iso(day)})
    else:
        add(official, complaint, "accept", {"on": iso(day)})
        if rng.random() < 0.2:
            add(official, complaint, "compensate", {"on": iso(day), "amountFen": amount, "payer": "prior-compensation-fund", "kind": "refund"})
        day = working_day_after(day, rng.randrange(1, 5))
        add(official, complaint, "startMediation", {"on": iso(day), "mode": rng.choice(["administrative", "peoples", "service-station", "odr", "online-video"])})
        day = working_day_after(day, rng.randrange(2, 30))
        outcome = "agreement" if rng.random() < 0.72 else rng.choice(["failed", "withdrawn", "terminated"])
        body = {"on": iso(day), "outcome": outcome}
        if outcome == "terminated":
            body["reason"] = "被投诉人明确拒绝调解"
        add(official, complaint, "endMediation", body)
        if outcome != "agreement":
            # Terminated mediation (终止调解): both parties are told the same day (D3). Its own id keeps the others'.
            add(official, complaint, "notifyParties", {"on": iso(day)}, id=f"{complaint}-notify")
        if outcome == "agreement":
            add(official, complaint, "compensate", {"on": iso(day), "amountFen": amount, "payer": rng.choice(["merchant", "merchant", "platform"]),
                                                    "kind": rng.choice(["refund", "compensation", "no-reason-return"])})
        add(official, complaint, "close", {"on": iso(day)})
    if rng.random() < 0.98:
        day = working_day_after(day, 1)
        add(official, complaint, "giveFeedback", {"on": iso(day)})
        add({"id": "12315-platform", "role": "system"}, complaint, "rateSatisfaction", {"on": iso(working_day_after(day, 2)), "satisfied": rng.random() < 0.96})

with open("Fixtures/scenarios/complaints-2023-2026.jsonl", "w") as out:
    for line in lines:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
print(f"{len(lines)} lines")
