//! The sanctions ladder, the bit masks governance and cases keep of it, and the registry calls a
//! case's consequences make in each license state.

use crate::license::LicenseState;

/// A sanction, numbered as `IDLAEnforcement.Sanction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Sanction {
    /// Freeze the license (registry).
    Freeze = 0,
    /// Hold part of the license's settlements in escrow (settlement engine).
    Escrow = 1,
    /// A fine, held like escrow and paid to the treasury when final.
    Fine = 2,
    /// A clawback, held like escrow and paid to the treasury when final.
    Clawback = 3,
    /// Suspend the license (registry).
    Suspend = 4,
    /// Revoke the license (registry), when the case resolves as Sanctioned.
    Revoke = 5,
    /// A remediation plan with a deadline; missed, it escalates to Suspend.
    Remediation = 6,
}

impl Sanction {
    /// Every sanction, in ladder order.
    pub const ALL: [Sanction; 7] = [
        Sanction::Freeze,
        Sanction::Escrow,
        Sanction::Fine,
        Sanction::Clawback,
        Sanction::Suspend,
        Sanction::Revoke,
        Sanction::Remediation,
    ];

    /// The sanction with this ABI number.
    pub fn from_u8(value: u8) -> Option<Self> {
        Self::ALL.get(usize::from(value)).copied()
    }

    /// Whether it holds money in the settlement engine (and adds up when applied again).
    pub fn holds(self) -> bool {
        matches!(self, Sanction::Escrow | Sanction::Fine | Sanction::Clawback)
    }

    /// Its bit in a [`SanctionMask`].
    pub fn bit(self) -> u16 {
        1 << self as u8
    }
}

/// A set of sanctions: `1 << Sanction` per member, as `ReasonPolicy.allowedSanctions` and
/// `Case.sanctions` store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct SanctionMask(pub u16);

impl SanctionMask {
    /// Every sanction.
    pub const ALL: SanctionMask = SanctionMask((1 << Sanction::ALL.len()) - 1);

    /// Whether `sanction` is in the set.
    pub fn contains(self, sanction: Sanction) -> bool {
        self.0 & sanction.bit() != 0
    }

    /// The set with `sanction`.
    pub fn with(self, sanction: Sanction) -> Self {
        Self(self.0 | sanction.bit())
    }

    /// The set without `sanction`.
    pub fn without(self, sanction: Sanction) -> Self {
        Self(self.0 & !sanction.bit())
    }

    /// Whether the set has bits outside the ladder (an invalid policy).
    pub fn is_valid(self) -> bool {
        self.0 & !Self::ALL.0 == 0
    }

    /// Whether the set has a sanction that holds money (Escrow, Fine or Clawback): a case with one
    /// releases the license's escrow when it resolves.
    pub fn holds_money(self) -> bool {
        Sanction::ALL.iter().any(|sanction| sanction.holds() && self.contains(*sanction))
    }

    /// Where final held money goes: the treasury when a Fine or Clawback is in the set, else the
    /// license holder.
    pub fn pays_treasury(self) -> bool {
        self.contains(Sanction::Fine) || self.contains(Sanction::Clawback)
    }

    /// Whether `sanction` may be applied to a case with these `applied` sanctions under this
    /// `allowed` policy: allowed, and not already applied unless it holds money (holds add up).
    pub fn may_apply(allowed: SanctionMask, applied: SanctionMask, sanction: Sanction) -> bool {
        allowed.contains(sanction) && (sanction.holds() || !applied.contains(sanction))
    }
}

/// A registry call a case makes as a consequence (not a sanction the investigator applies now):
/// each is made only when the license's state, read with `ILicenseRegistry.stateOf` when it is due,
/// allows it, so that a license its issuer revoked, or that expired, meanwhile cannot strand the
/// case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Consequence {
    /// `revokeLicense` for a recorded Revoke, at a resolution as Sanctioned.
    Revoke,
    /// `unfreezeLicense` for a freeze an upheld appeal lifts.
    Unfreeze,
    /// `reinstateLicense` for a suspension an upheld appeal lifts.
    Reinstate,
    /// `suspendLicense` when `escalate` finds a remediation plan missed (the reason allowing
    /// Suspend and the case not suspended already). Not made, the missed plan is a breach only: no
    /// Suspend bit, no `SanctionApplied`, `sanctionedAt` unchanged.
    EscalationSuspend,
}

impl Consequence {
    /// Whether the call is made for a license in `state`: Revoke and Unfreeze unless it is Revoked
    /// or Expired, Reinstate only if it is Suspended, the escalation's Suspend only if it is Active.
    pub fn made_in(self, state: LicenseState) -> bool {
        match self {
            Consequence::Revoke | Consequence::Unfreeze => {
                !matches!(state, LicenseState::Revoked | LicenseState::Expired)
            }
            Consequence::Reinstate => state == LicenseState::Suspended,
            Consequence::EscalationSuspend => state == LicenseState::Active,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_add_remove_and_validate() {
        let mask = SanctionMask::default().with(Sanction::Freeze).with(Sanction::Fine);
        assert_eq!(mask.0, 0b101);
        assert!(mask.contains(Sanction::Fine) && !mask.contains(Sanction::Escrow));
        assert!(mask.pays_treasury() && mask.holds_money());
        assert!(!SanctionMask::default().with(Sanction::Freeze).with(Sanction::Revoke).holds_money());
        assert!(!mask.without(Sanction::Fine).pays_treasury());
        assert!(SanctionMask::ALL.is_valid() && !SanctionMask(1 << 7).is_valid());
        for (number, sanction) in Sanction::ALL.iter().enumerate() {
            assert_eq!(Sanction::from_u8(number as u8), Some(*sanction));
        }
        assert_eq!(Sanction::from_u8(7), None);
    }

    #[test]
    fn consequences_ask_the_registry_only_what_the_state_allows() {
        use LicenseState::*;
        let states = [Draft, Active, Suspended, Revoked, Expired];
        let made = |consequence: Consequence| {
            states.iter().filter(|state| consequence.made_in(**state)).copied().collect::<alloc::vec::Vec<_>>()
        };
        assert_eq!(made(Consequence::Revoke), [Draft, Active, Suspended]);
        assert_eq!(made(Consequence::Unfreeze), [Draft, Active, Suspended]);
        assert_eq!(made(Consequence::Reinstate), [Suspended]);
        assert_eq!(made(Consequence::EscalationSuspend), [Active]);
    }

    #[test]
    fn holds_repeat_and_other_sanctions_apply_once() {
        let allowed = SanctionMask::ALL.without(Sanction::Revoke);
        let applied = SanctionMask::default().with(Sanction::Escrow).with(Sanction::Freeze);
        assert!(SanctionMask::may_apply(allowed, applied, Sanction::Escrow), "holds add up");
        assert!(!SanctionMask::may_apply(allowed, applied, Sanction::Freeze), "frozen already");
        assert!(!SanctionMask::may_apply(allowed, applied, Sanction::Revoke), "not allowed");
        assert!(SanctionMask::may_apply(allowed, applied, Sanction::Suspend));
    }
}
