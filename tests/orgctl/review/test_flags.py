"""Every flag names controls the evidence pack reports on, in SOC 2 and PCI-DSS 4.0."""

from __future__ import annotations

from orgctl.evidence.controls import CONTROLS
from orgctl.review.flags import KINDS, Flag


def test_every_flag_kind_has_controls_the_evidence_pack_knows():
    for kind in KINDS.values():
        frameworks = {framework for framework, _ in kind.controls}
        assert frameworks == {"pci-dss-4.0", "soc2"}, kind.code
        for framework, control in kind.controls:
            assert any(c.framework == framework and c.matches(control) for c in CONTROLS), (
                kind.code,
                control,
            )


def test_a_control_outside_the_pack_would_be_caught():
    assert not any(c.framework == "soc2" and c.matches("CC9.9") for c in CONTROLS)


def test_flag_text_carries_its_controls():
    flag = Flag("unused-credential", "x")
    assert flag.controls == "PCI-DSS 4.0 8.2.6; SOC 2 CC6.2"
