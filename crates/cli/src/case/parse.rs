//! Reading `chlom case` arguments, and naming the contract's enums with `chlom_core::enforcement`.

use alloy::primitives::{B256, Bytes, U256, keccak256};
use alloy::sol_types::SolValue;
use chlom_core::enforcement::{Action, Ruling, Sanction, SanctionMask, Stage, next_stage};

use crate::time::When;

/// A case id: decimal, or hex with `0x`; cases run from 1.
pub(crate) fn case_id(text: &str) -> Result<U256, String> {
    let id = text.trim().parse::<U256>().map_err(|_| format!("{text:?} is not a case id (decimal, or 0x and hex)"))?;
    if id.is_zero() {
        return Err("case ids run from 1 (0 means no case)".into());
    }
    Ok(id)
}

/// A case id for output: a JSON number (ids are counters from 1), or a decimal string beyond 2^64.
pub(crate) fn case_json(id: U256) -> serde_json::Value {
    u64::try_from(id).map(serde_json::Value::from).unwrap_or_else(|_| id.to_string().into())
}

/// A reference (evidence, memo, plan, cause): `0x` and 64 hex digits as given, or any other text
/// hashed with keccak256. Text that starts with `0x` but is not 32 bytes of hex is refused rather
/// than hashed (it is almost always a mistyped content address), and so are empty text and the zero
/// reference, which the contract refuses.
pub(crate) fn reference(text: &str) -> Result<B256, String> {
    if text.trim().is_empty() {
        return Err("a reference must not be empty: give 0x and 64 hex digits, or text to hash".into());
    }
    if text.starts_with("0x") || text.starts_with("0X") {
        let value = text.parse::<B256>().map_err(|_| {
            format!(
                "{text:?} starts with 0x but is not 32 bytes of hex: give 0x and exactly 64 hex digits, or text \
                 without the 0x prefix, which is hashed with keccak256"
            )
        })?;
        if value.is_zero() {
            return Err("the zero reference means none, and the contract refuses it: give a real reference".into());
        }
        return Ok(value);
    }
    Ok(keccak256(text.as_bytes()))
}

/// The name of a sanction on the command line: `freeze`, `escrow`, …
pub(crate) fn sanction_cli_name(sanction: Sanction) -> String {
    format!("{sanction:?}").to_ascii_lowercase()
}

/// Every sanction's command-line name, as "freeze, escrow, … or remediation".
fn sanction_choices() -> String {
    let names: Vec<String> = Sanction::ALL.iter().map(|s| sanction_cli_name(*s)).collect();
    match names.split_last() {
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A sanction kind by name (any case).
pub(crate) fn sanction(text: &str) -> Result<Sanction, String> {
    let lower = text.trim().to_ascii_lowercase();
    Sanction::ALL
        .into_iter()
        .find(|sanction| sanction_cli_name(*sanction) == lower)
        .ok_or_else(|| format!("unknown sanction kind {text:?}: use {}", sanction_choices()))
}

/// The ruling `chlom case resolve` may ask for.
pub(crate) fn ruling(text: &str) -> Result<Ruling, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "dismissed" => Ok(Ruling::Dismissed),
        "sanctioned" => Ok(Ruling::Sanctioned),
        "overturned" => Err("Overturned comes only from an upheld appeal (`chlom case decide --uphold`)".into()),
        _ => Err(format!("unknown ruling {text:?}: use dismissed or sanctioned")),
    }
}

/// An amount to hold: a whole number above 0, decimal or 0x and hex.
pub(crate) fn amount(text: &str) -> Result<U256, String> {
    let value = text
        .trim()
        .parse::<U256>()
        .map_err(|_| format!("{text:?} is not an amount: a whole number from 1 to 2^256 - 1, decimal or 0x and hex"))?;
    if value.is_zero() {
        return Err("the amount must be above 0".into());
    }
    Ok(value)
}

/// The `params` of `applySanction`, before a relative remediation deadline is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Params {
    /// Freeze, Suspend and Revoke: no parameters.
    Empty,
    /// Escrow, Fine and Clawback: `abi.encode(uint256 amount)`.
    Amount(U256),
    /// Remediation: `abi.encode(bytes32 planRef, uint64 deadline)`.
    Plan {
        /// The plan reference.
        plan: B256,
        /// Its deadline.
        deadline: When,
    },
}

impl Params {
    /// The parameters `kind` takes, from the options given, or what is missing or superfluous.
    pub(crate) fn for_sanction(
        kind: Sanction,
        amount: Option<U256>,
        plan: Option<B256>,
        deadline: Option<When>,
    ) -> Result<Self, String> {
        let name = sanction_cli_name(kind);
        if kind.holds() {
            if plan.is_some() || deadline.is_some() {
                return Err(format!("{name} takes no --plan or --deadline (those are for remediation)"));
            }
            let amount = amount.ok_or_else(|| {
                format!(
                    "{name} needs --amount N: the amount to hold, in the smallest unit of the license's settlements \
                     (wei for ETH)"
                )
            })?;
            return Ok(Self::Amount(amount));
        }
        if kind == Sanction::Remediation {
            if amount.is_some() {
                return Err("remediation takes no --amount (that is for escrow, fine and clawback)".into());
            }
            return match (plan, deadline) {
                (Some(plan), Some(deadline)) => Ok(Self::Plan { plan, deadline }),
                _ => Err("remediation needs --plan REF and --deadline TIME (a Unix time, or a duration such as \
                          14d from the latest block)"
                    .into()),
            };
        }
        if amount.is_some() || plan.is_some() || deadline.is_some() {
            return Err(format!(
                "{name} takes no --amount, --plan or --deadline (--amount is for escrow, fine and clawback; --plan \
                 and --deadline for remediation)"
            ));
        }
        Ok(Self::Empty)
    }

    /// The ABI encoding the contract expects, with a duration counted from `now`; also the
    /// resolved deadline, for remediation.
    pub(crate) fn encode(self, now: u64) -> (Bytes, Option<u64>) {
        match self {
            Self::Empty => (Bytes::new(), None),
            Self::Amount(amount) => (amount.abi_encode().into(), None),
            Self::Plan { plan, deadline } => {
                let at = deadline.resolve(now);
                ((plan, at).abi_encode_params().into(), Some(at))
            }
        }
    }
}

/// The name of an ABI `Stage`.
pub(crate) fn stage_name(value: u8) -> String {
    Stage::from_u8(value).map(|stage| format!("{stage:?}")).unwrap_or_else(|| format!("unknown stage {value}"))
}

/// The name of an ABI `Sanction`.
pub(crate) fn sanction_name(value: u8) -> String {
    Sanction::from_u8(value).map(|s| format!("{s:?}")).unwrap_or_else(|| format!("unknown sanction {value}"))
}

/// The names of the sanctions in a mask (`1 << Sanction` each), in ladder order.
pub(crate) fn sanction_names(mask: u16) -> Vec<String> {
    let mask = SanctionMask(mask);
    let mut names: Vec<String> =
        Sanction::ALL.into_iter().filter(|s| mask.contains(*s)).map(|s| format!("{s:?}")).collect();
    if !mask.is_valid() {
        names.push(format!("unknown bits {:#x}", mask.0 & !SanctionMask::ALL.0));
    }
    names
}

/// The name of an ABI `Ruling`.
pub(crate) fn ruling_name(value: u8) -> String {
    [Ruling::None, Ruling::Dismissed, Ruling::Sanctioned, Ruling::Overturned]
        .into_iter()
        .find(|ruling| *ruling as u8 == value)
        .map(|ruling| format!("{ruling:?}"))
        .unwrap_or_else(|| format!("unknown ruling {value}"))
}

/// The `chlom case` commands on the stage table (those that move a case, and the reassignment and
/// reclassification that keep its stage), with the table's action for each.
const STEPS: [(Action, &str); 11] = [
    (Action::Triage, "triage"),
    (Action::Assign, "assign"),
    (Action::Reclassify, "reclassify"),
    (Action::ApplySanction, "sanction"),
    (Action::Resolve(Ruling::Dismissed), "resolve --ruling dismissed"),
    (Action::Resolve(Ruling::Sanctioned), "resolve --ruling sanctioned"),
    (Action::FileAppeal, "appeal"),
    (Action::AppealDecided { upheld: true }, "decide"),
    (Action::AppealDecided { upheld: false }, "decide"),
    (Action::Reopen, "reopen"),
    (Action::Close, "close"),
];

/// The `chlom case` commands the stage table (`chlom_core::enforcement::next_stage`) allows from
/// `stage`, once each.
pub(crate) fn next_steps(stage: u8) -> Vec<&'static str> {
    let Some(stage) = Stage::from_u8(stage) else { return Vec::new() };
    let mut steps: Vec<&'static str> =
        STEPS.iter().filter(|(action, _)| next_stage(stage, *action).is_ok()).map(|(_, name)| *name).collect();
    steps.dedup();
    steps
}

/// The name of a DLA (or registry, or engine) role, from its id.
pub(crate) fn role_name(role: B256) -> String {
    if role == B256::ZERO {
        return "DEFAULT_ADMIN_ROLE (governance)".into();
    }
    [
        ("TRIAGE_ROLE", "CHLOM_TRIAGE_ROLE"),
        ("INVESTIGATOR_ROLE", "CHLOM_INVESTIGATOR_ROLE"),
        ("COUNCIL_ROLE", "CHLOM_COUNCIL_ROLE"),
        ("ENFORCEMENT_ROLE", "CHLOM_ENFORCEMENT_ROLE"),
    ]
    .iter()
    .find(|(_, preimage)| keccak256(preimage) == role)
    .map(|(name, _)| (*name).to_owned())
    .unwrap_or_else(|| role.to_string())
}

/// A number of seconds as `1d 2h 3m 4s` (zero parts left out; `0s` for none).
pub(crate) fn format_duration(seconds: u64) -> String {
    let parts = [(seconds / 86_400, "d"), (seconds / 3_600 % 24, "h"), (seconds / 60 % 60, "m"), (seconds % 60, "s")];
    let text: Vec<String> =
        parts.iter().filter(|(count, _)| *count > 0).map(|(count, unit)| format!("{count}{unit}")).collect();
    if text.is_empty() { "0s".into() } else { text.join(" ") }
}

/// An appeal window in words: a duration, or none.
pub(crate) fn window_text(seconds: u64) -> String {
    if seconds == 0 { "none (no appeal)".into() } else { format_duration(seconds) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_hex_or_hashed_text_and_malformed_hex_is_refused() {
        let hex = format!("0x{}", "ab".repeat(32));
        assert_eq!(reference(&hex), Ok(B256::repeat_byte(0xab)));
        assert_eq!(reference("ipfs://bafy-evidence"), Ok(keccak256("ipfs://bafy-evidence")));
        assert!(reference("0x1234").expect_err("short hex").contains("not 32 bytes of hex"));
        assert!(reference(&format!("0x{}", "zz".repeat(32))).is_err());
        assert!(reference(&format!("0x{}", "00".repeat(32))).expect_err("zero").contains("zero reference"));
        assert!(reference("  ").is_err());
    }

    #[test]
    fn sanction_params_follow_the_interface() {
        assert_eq!(Params::for_sanction(Sanction::Freeze, None, None, None), Ok(Params::Empty));
        let escrow = Params::for_sanction(Sanction::Escrow, Some(U256::from(5)), None, None).expect("escrow");
        assert_eq!(escrow.encode(0).0, Bytes::from(U256::from(5).to_be_bytes::<32>().to_vec()));
        assert!(
            Params::for_sanction(Sanction::Fine, None, None, None).expect_err("no amount").contains("needs --amount")
        );
        assert!(Params::for_sanction(Sanction::Freeze, Some(U256::from(1)), None, None).is_err());
        let plan = B256::repeat_byte(1);
        let remediation =
            Params::for_sanction(Sanction::Remediation, None, Some(plan), Some(When::In(60))).expect("plan");
        let (bytes, deadline) = remediation.encode(1_000);
        assert_eq!(deadline, Some(1_060));
        assert_eq!(bytes.len(), 64);
        assert_eq!(&bytes[..32], plan.as_slice());
        assert_eq!(U256::from_be_slice(&bytes[32..]), U256::from(1_060));
        assert!(Params::for_sanction(Sanction::Remediation, None, Some(plan), None).is_err());
    }

    #[test]
    fn names_come_from_the_core() {
        assert_eq!(sanction("Escrow"), Ok(Sanction::Escrow));
        let unknown = sanction("jail").expect_err("unknown");
        assert!(unknown.contains("freeze, escrow, fine, clawback, suspend, revoke or remediation"), "{unknown}");
        assert_eq!(stage_name(4), "Sanction");
        assert_eq!(ruling_name(3), "Overturned");
        assert_eq!(sanction_names(0b11), ["Freeze", "Escrow"]);
        assert_eq!(next_steps(Stage::Open as u8), ["triage", "reclassify"]);
        assert_eq!(
            next_steps(Stage::Investigation as u8),
            ["assign", "reclassify", "sanction", "resolve --ruling dismissed"]
        );
        assert_eq!(next_steps(Stage::Sanction as u8), ["assign", "sanction", "resolve --ruling sanctioned", "appeal"]);
        assert_eq!(next_steps(Stage::Appeal as u8), ["assign", "decide"]);
        assert_eq!(role_name(keccak256("CHLOM_COUNCIL_ROLE")), "COUNCIL_ROLE");
        assert_eq!(case_id("0"), Err("case ids run from 1 (0 means no case)".into()));
        assert!(ruling("overturned").is_err());
    }

    #[test]
    fn durations_read_as_days_hours_minutes_seconds() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(90_061), "1d 1h 1m 1s");
        assert_eq!(format_duration(3_600), "1h");
        assert_eq!(window_text(0), "none (no appeal)");
    }
}
