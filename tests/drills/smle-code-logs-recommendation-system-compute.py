"""Reference: dedup by event_id, earliest impression per (request_id, item_id), windowed click attribution."""


def compute_ctr(events, window=1800):
    seen = set()
    unique = []
    for e in events:
        if e["event_id"] in seen:
            continue
        seen.add(e["event_id"])
        unique.append(e)
    impressions = {}
    for e in unique:
        if e["type"] == "impression":
            key = (e["request_id"], e["item_id"])
            if key not in impressions or e["ts"] < impressions[key]:
                impressions[key] = e["ts"]
    clicked = set()
    unattributed = 0
    for e in unique:
        if e["type"] != "click":
            continue
        key = (e["request_id"], e["item_id"])
        ts = impressions.get(key)
        if ts is None or not (ts <= e["ts"] <= ts + window):
            unattributed += 1
        else:
            clicked.add(key)
    shown, clicks = {}, {}
    for (req, item) in impressions:
        shown[item] = shown.get(item, 0) + 1
        clicks[item] = clicks.get(item, 0) + ((req, item) in clicked)
    per_item = {item: clicks[item] / shown[item] for item in shown}
    overall = len(clicked) / len(impressions) if impressions else 0.0
    return {"per_item": per_item, "overall": overall, "unattributed_clicks": unattributed}
