"""The compliance control ids (SOC 2, PCI-DSS, CIS AWS) a guardrail or an alarm serves, as data,
so the evidence report can print why each one exists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Controls:
    soc2: tuple[str, ...] = ()
    pci_dss: tuple[str, ...] = ()
    cis_aws: tuple[str, ...] = ()
