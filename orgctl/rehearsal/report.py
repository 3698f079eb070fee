"""The rehearsal report: a plain dict (for --format json and the evidence pack) and its text
rendering. It says what ran and what it proved; an emulator is not AWS."""

from __future__ import annotations

from orgctl.rehearsal import gaps, stubs

NOT_VERIFIABLE = (
    "IAM and SCP policy evaluation: moto does not decide requests by the policies it stores, so "
    "no guardrail, boundary or trust policy is shown to allow or deny anything here.",
    "AssumeRole trust: moto hands out credentials for any role in any account.",
    "Identity Center sign-in, SCIM sync and the external identity provider.",
    "Service behaviour behind the API: log delivery, alarms firing, EventBridge rules matching, "
    "Object Lock retention, KMS key policies taking effect.",
    "Quotas and throttling (Identity Center's 10 outstanding assignment calls), eventual "
    "consistency and timings of real AWS.",
    "Differences between provider major versions 5 (run here) and 6 (bridged by pulumi-aws 7) "
    "beyond the entries listed as known.",
)


def render_text(report: dict) -> str:
    lines = [
        f"org-iam rehearsal — stack {report['stack']}: Terraform {report['versions']['terraform']}"
        f", hashicorp/aws {report['versions']['provider']} (pulumi-aws bridges major "
        f"{report['versions']['bridged_provider_major']}), moto {report['versions']['moto']}",
        f"Resources: {report['counts']['resources']} in {len(report['batches'])} batch(es) of at "
        f"most {report['max_providers']} provider processes; {report['counts']['imports']} "
        "import(s)",
        "",
        "Stage      seconds   peak MiB",
    ]
    for stage, figures in report["stages"].items():
        lines.append(f"{stage:<10} {figures['seconds']:>7.1f}   {figures['peak_rss_mib']:>8}")
    lines.append(f"Whole rehearsal: {report['seconds']:.1f} s, peak {report['peak_rss_mib']} MiB")
    counts = report["counts"]
    lines += [
        "",
        f"Applied {counts['applied']} of {counts['planned']} planned; {counts['failed']} failed, "
        f"{counts['skipped']} not reached; re-plan: {counts['replan_changes']} change(s)",
        "",
        "Per type: planned / applied / failed / re-plan changes",
    ]
    for kind, row in sorted(counts["by_type"].items()):
        lines.append(
            f"  {kind:<52} {row['planned']:>3} {row['applied']:>4} {row['failed']:>3} "
            f"{row['replan_changes']:>3}"
        )
    defects = [f for f in report["findings"] if f["kind"] == "program-defect"]
    explained = [f for f in report["findings"] if f["kind"] != "program-defect"]
    lines += ["", f"Candidate program defects: {len(defects)}"]
    for finding in defects:
        lines.append(f"  [{finding['stage']}] {finding['urn'] or finding['address']}")
        lines.append(f"      {finding['message']}")
    lines.append(f"Explained (known emulator gaps, provider major versions): {len(explained)}")
    for finding in explained:
        lines.append(
            f"  [{finding['stage']}] {finding['kind']} {finding['known']}: {finding['address']}"
        )
    lines += ["", "Emulator stubs (each states documented AWS behaviour):"]
    lines += [f"  {s['name']}: {s['behaviour']} ({s['source']})" for s in report["stubs"]]
    lines += ["", "Not verifiable by this rehearsal:"]
    lines += [f"  - {item}" for item in report["not_verifiable"]]
    lines.append("")
    lines.append(
        "A rehearsal against an emulator: it shows what the provider accepts and how the plan "
        "orders itself, not that AWS will behave the same."
    )
    return "\n".join(lines)


def static_sections() -> dict:
    return {
        "stubs": [
            {"name": s.name, "behaviour": s.behaviour, "source": s.source} for s in stubs.STUBS
        ],
        "known_differences": [
            {"id": k.id, "kind": k.kind, "version": k.version, "explanation": k.explanation}
            for k in gaps.KNOWN
        ],
        "not_verifiable": list(NOT_VERIFIABLE),
    }
