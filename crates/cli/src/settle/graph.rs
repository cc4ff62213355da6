//! Payout graph files of `chlom settle --graph`: JSON or TOML (by extension), unknown keys refused,
//! validated as `SettlementEngine.registerGraph` and the engine's governance setters validate.
//!
//! ```toml
//! amount = "1000000"           # A: an integer, or a decimal string (up to 2^256 - 1)
//! fee_bps = 100                # default 0; at most 1000
//! sustainability_bps = 300     # share of the fee; default 100; 100 to 500
//! hold = 0                     # escrow still outstanding on the license; default 0
//!
//! [[taxes]]                    # the jurisdiction path, outermost first; at most 4 levels
//! jurisdiction = "US-CA"       # 1 to 32 bytes
//! rate_bps = 500
//! collector = "0x…"            # optional
//!
//! [[shares]]                   # 1 to 10,000, in graph order
//! recipient = "0x…"
//! kind = "party"               # party, insurer, escrow or pool (at most one pool)
//! bps = 6000
//! floor = 0                    # optional, as the following: integers or decimal strings
//! cap = 0                      # 0 = no cap
//! adjustment = "-500"          # signed
//! vesting_cliff = 0            # seconds after the settlement
//! vesting_end = 0              # seconds after the settlement; at most 100 years
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use alloy::primitives::{Address, U256};
use chlom_core::settlement::{BPS, SettlementInputs, ShareTerms};
use eyre::{Result, WrapErr, bail, eyre};
use serde::Deserialize;
use serde::de::{self, Deserializer, Unexpected, Visitor};

/// The engine's largest platform fee (`MAX_FEE_BPS`).
const MAX_FEE_BPS: u64 = 1_000;
/// The engine's sustainability bounds (`MIN_SUSTAINABILITY_BPS`, `MAX_SUSTAINABILITY_BPS`).
const SUSTAINABILITY_BPS: std::ops::RangeInclusive<u64> = 100..=500;
/// The engine's default sustainability share, set by its constructor.
const DEFAULT_SUSTAINABILITY_BPS: u64 = 100;
/// The most shares a graph may have (`MAX_SHARES`).
const MAX_SHARES: usize = 10_000;
/// The most levels a jurisdiction path may have (`MAX_LEVELS`).
const MAX_LEVELS: usize = 4;
/// The longest vesting, in seconds (`MAX_VESTING`, 100 years of 365 days).
const MAX_VESTING: u64 = 100 * 365 * 24 * 60 * 60;

/// What a graph node is (`ISettlementEngine.NodeKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Kind {
    /// Credited.
    Party,
    /// Credited.
    Insurer,
    /// Kept in the license's escrow.
    Escrow,
    /// Credited, and receives the settlement's dust.
    Pool,
}

impl Kind {
    /// The name used in files and output.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Party => "party",
            Self::Insurer => "insurer",
            Self::Escrow => "escrow",
            Self::Pool => "pool",
        }
    }
}

/// The file as written (see the module documentation for the keys and their defaults).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphFile {
    amount: Whole<U256>,
    #[serde(default)]
    fee_bps: u64,
    #[serde(default = "default_sustainability")]
    sustainability_bps: u64,
    #[serde(default)]
    hold: Whole<U256>,
    #[serde(default)]
    taxes: Vec<TaxLevelFile>,
    #[serde(default)]
    shares: Vec<ShareFile>,
}

fn default_sustainability() -> u64 {
    DEFAULT_SUSTAINABILITY_BPS
}

/// One `[[taxes]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxLevelFile {
    jurisdiction: String,
    rate_bps: u64,
    #[serde(default)]
    collector: Option<String>,
}

/// One `[[shares]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareFile {
    recipient: String,
    kind: Kind,
    bps: u64,
    #[serde(default)]
    floor: Whole<u128>,
    #[serde(default)]
    cap: Whole<u128>,
    #[serde(default)]
    adjustment: Whole<i128>,
    #[serde(default)]
    vesting_cliff: u64,
    #[serde(default)]
    vesting_end: u64,
}

/// One level of the jurisdiction path.
#[derive(Debug, Clone)]
pub(super) struct TaxLevel {
    /// The jurisdiction code, such as `US-CA`.
    pub(super) jurisdiction: String,
    /// Its rate, in basis points of A.
    pub(super) rate_bps: u64,
    /// Who receives its tax, when named.
    pub(super) collector: Option<Address>,
}

/// One share of a validated graph.
#[derive(Debug, Clone)]
pub(super) struct Share {
    /// Who is paid.
    pub(super) recipient: Address,
    /// The node kind.
    pub(super) kind: Kind,
    /// The arithmetic's view of the share.
    pub(super) terms: ShareTerms,
    /// Seconds after the settlement before anything vests.
    pub(super) vesting_cliff: u64,
    /// Seconds after the settlement when everything has vested; 0 = paid as a credit.
    pub(super) vesting_end: u64,
}

/// A graph file that the engine would accept, with the settlement's inputs.
#[derive(Debug, Clone)]
pub(super) struct Graph {
    /// A, the fee, sustainability and the hold.
    pub(super) inputs: SettlementInputs,
    /// The jurisdiction path, outermost first.
    pub(super) taxes: Vec<TaxLevel>,
    /// The shares, in graph order.
    pub(super) shares: Vec<Share>,
}

impl Graph {
    /// The tax levels' rates, as `chlom_core::settlement::settle` takes them.
    pub(super) fn tax_rates(&self) -> Vec<u64> {
        self.taxes.iter().map(|level| level.rate_bps).collect()
    }

    /// The shares' terms, as `chlom_core::settlement::settle` takes them.
    pub(super) fn terms(&self) -> Vec<ShareTerms> {
        self.shares.iter().map(|share| share.terms).collect()
    }

    /// The index of the graph's pool node, if it has one.
    pub(super) fn pool(&self) -> Option<usize> {
        self.shares.iter().position(|share| share.kind == Kind::Pool)
    }
}

/// Reads and validates the graph file at `path` (`.json` or `.toml`).
pub(super) fn load(path: &Path) -> Result<Graph> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let json = match extension.as_deref() {
        Some("json") => true,
        Some("toml") => false,
        _ => bail!("{} is neither .json nor .toml: name the graph file by its format", path.display()),
    };
    let text =
        std::fs::read_to_string(path).wrap_err_with(|| format!("cannot read the graph file {}", path.display()))?;
    let file: GraphFile = if json {
        serde_json::from_str(&text).map_err(|error| eyre!("{error}"))
    } else {
        toml::from_str(&text).map_err(|error| eyre!("{}", error.to_string().trim_end()))
    }
    .wrap_err_with(|| {
        format!("{} is not a payout graph (see examples/settlement/graph.toml for the keys)", path.display())
    })?;
    validate(file).wrap_err_with(|| format!("{} is not a graph the settlement engine accepts", path.display()))
}

/// The checks of `registerGraph`, `setFee`, `setSustainability`, `registerRateTable` and
/// `setJurisdiction`, naming the share or level at fault and what to do.
fn validate(file: GraphFile) -> Result<Graph> {
    if file.amount.0.is_zero() {
        bail!("amount is zero; the engine refuses zero payments");
    }
    if file.fee_bps > MAX_FEE_BPS {
        bail!("fee_bps {} is above the engine's maximum of {MAX_FEE_BPS} (10%)", file.fee_bps);
    }
    if !SUSTAINABILITY_BPS.contains(&file.sustainability_bps) {
        bail!(
            "sustainability_bps {} is outside {}..={} (1% to 5% of the fee)",
            file.sustainability_bps,
            SUSTAINABILITY_BPS.start(),
            SUSTAINABILITY_BPS.end()
        );
    }
    if file.taxes.len() > MAX_LEVELS {
        bail!("the jurisdiction path has {} tax levels; the engine takes at most {MAX_LEVELS}", file.taxes.len());
    }
    let mut taxes = Vec::with_capacity(file.taxes.len());
    let mut total_rate = 0u64;
    for (index, level) in file.taxes.into_iter().enumerate() {
        let code = &level.jurisdiction;
        if code.is_empty() || code.len() > 32 {
            bail!("taxes[{index}]: jurisdiction {code:?} must be 1 to 32 bytes (a code such as \"US-CA\")");
        }
        if level.rate_bps > BPS {
            bail!("taxes[{index}] ({code}): rate_bps {} is above 10000 (100%)", level.rate_bps);
        }
        total_rate += level.rate_bps;
        if total_rate > BPS {
            bail!("taxes[{index}] ({code}): the tax rates add up to {total_rate} bps by this level, above 10000");
        }
        let collector = match &level.collector {
            Some(text) => Some(parse_address(text).map_err(|e| eyre!("taxes[{index}] ({code}): collector {e}"))?),
            None => None,
        };
        taxes.push(TaxLevel { jurisdiction: level.jurisdiction, rate_bps: level.rate_bps, collector });
    }

    if file.shares.is_empty() {
        bail!("the graph has no shares: add at least one share (a [[shares]] table, or an entry of \"shares\")");
    }
    if file.shares.len() > MAX_SHARES {
        bail!("the graph has {} shares; the engine takes at most {MAX_SHARES}", file.shares.len());
    }
    let mut shares = Vec::with_capacity(file.shares.len());
    let mut total_bps = 0u64;
    let mut pool = None;
    for (index, share) in file.shares.into_iter().enumerate() {
        let recipient = parse_address(&share.recipient).map_err(|e| eyre!("shares[{index}]: recipient {e}"))?;
        if recipient.is_zero() {
            bail!("shares[{index}]: the recipient is the zero address; name the account that is paid");
        }
        total_bps = total_bps.saturating_add(share.bps);
        if total_bps > BPS {
            bail!(
                "shares[{index}]: the basis points add up to {total_bps} by this share, over 10000; lower the bps so \
                 that the shares sum to at most 10000 (what is not allocated goes to the pool)"
            );
        }
        let (floor, cap) = (share.floor.0, share.cap.0);
        if cap != 0 && floor > cap {
            bail!(
                "shares[{index}]: floor {floor} is above cap {cap}; lower the floor or raise the cap (cap 0 = no cap)"
            );
        }
        if share.vesting_cliff > share.vesting_end {
            bail!(
                "shares[{index}]: vesting_cliff {} is after vesting_end {}; the cliff must not come after the end",
                share.vesting_cliff,
                share.vesting_end
            );
        }
        if share.vesting_end > MAX_VESTING {
            bail!(
                "shares[{index}]: vesting_end {} is beyond 100 years ({MAX_VESTING} seconds), the engine's limit",
                share.vesting_end
            );
        }
        if share.kind == Kind::Pool {
            if let Some(first) = pool {
                bail!(
                    "shares[{index}]: a second pool node (the first is shares[{first}]); a graph has at most one \
                     pool, which receives the dust: make this share a party"
                );
            }
            pool = Some(index);
        }
        let bps = u16::try_from(share.bps).map_err(|_| eyre!("shares[{index}]: bps {} is over 10000", share.bps))?;
        shares.push(Share {
            recipient,
            kind: share.kind,
            terms: ShareTerms { bps, adjustment: share.adjustment.0, floor, cap },
            vesting_cliff: share.vesting_cliff,
            vesting_end: share.vesting_end,
        });
    }
    let inputs = SettlementInputs {
        amount: file.amount.0,
        fee_bps: file.fee_bps,
        sustainability_bps: file.sustainability_bps,
        hold_outstanding: file.hold.0,
    };
    Ok(Graph { inputs, taxes, shares })
}

/// An address: 0x and 40 hex digits.
fn parse_address(text: &str) -> Result<Address, String> {
    let trimmed = text.trim();
    let well_formed =
        trimmed.len() == 42 && trimmed.starts_with("0x") && trimmed[2..].bytes().all(|byte| byte.is_ascii_hexdigit());
    if !well_formed {
        return Err(format!("{text:?} is not an address (0x and 40 hex digits)"));
    }
    trimmed.parse().map_err(|_| format!("{text:?} is not an address (0x and 40 hex digits)"))
}

/// A whole number in a graph file: an integer, or a decimal string for values beyond what the
/// format's integers hold (TOML's stop at 2^63, JSON's lose precision beyond 2^53 in many tools).
#[derive(Debug, Clone, Copy, Default)]
struct Whole<T>(T);

/// The number types a [`Whole`] holds.
trait Number: Sized {
    /// What the number may be, for error messages.
    const EXPECTED: &'static str;
    /// Parses a decimal integer (digits, with a leading `-` for signed types).
    fn parse_decimal(text: &str) -> Option<Self>;
}

fn digits(text: &str) -> Option<&str> {
    (!text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit())).then_some(text)
}

impl Number for U256 {
    const EXPECTED: &'static str = "a whole number from 0 to 2^256 - 1 (an integer or a decimal string)";
    fn parse_decimal(text: &str) -> Option<Self> {
        U256::from_str_radix(digits(text)?, 10).ok()
    }
}

impl Number for u128 {
    const EXPECTED: &'static str = "a whole number from 0 to 2^128 - 1 (an integer or a decimal string)";
    fn parse_decimal(text: &str) -> Option<Self> {
        digits(text)?.parse().ok()
    }
}

impl Number for i128 {
    const EXPECTED: &'static str = "a whole number from -2^127 to 2^127 - 1 (an integer or a decimal string)";
    fn parse_decimal(text: &str) -> Option<Self> {
        let (sign, magnitude) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text),
        };
        format!("{sign}{}", digits(magnitude)?).parse().ok()
    }
}

impl<'de, T: Number> Deserialize<'de> for Whole<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WholeVisitor(PhantomData))
    }
}

/// Reads a [`Whole`] from an integer or a string.
struct WholeVisitor<T>(PhantomData<T>);

impl<T: Number> WholeVisitor<T> {
    fn integer<E: de::Error>(value: impl fmt::Display, unexpected: Unexpected<'_>) -> Result<Whole<T>, E> {
        T::parse_decimal(&value.to_string()).map(Whole).ok_or_else(|| E::invalid_value(unexpected, &T::EXPECTED))
    }
}

impl<T: Number> Visitor<'_> for WholeVisitor<T> {
    type Value = Whole<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(T::EXPECTED)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Self::integer(value, Unexpected::Unsigned(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Self::integer(value, Unexpected::Signed(value))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Self::Value, E> {
        Self::integer(value, Unexpected::Other("a 128-bit integer"))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Self::Value, E> {
        Self::integer(value, Unexpected::Other("a 128-bit integer"))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Err(E::custom(format!(
            "{value} is not {}; write large amounts as decimal strings, such as \"1000000000000000000000\"",
            T::EXPECTED
        )))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        T::parse_decimal(text.trim()).map(Whole).ok_or_else(|| E::invalid_value(Unexpected::Str(text), &T::EXPECTED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wholes_take_integers_and_decimal_strings() {
        let parsed: GraphFile = serde_json::from_str(
            r#"{"amount": "115792089237316195423570985008687907853269984665640564039457584007913129639935",
                "shares": [{"recipient": "0x1111111111111111111111111111111111111111", "kind": "party", "bps": 1,
                            "floor": 5, "adjustment": "-7"}]}"#,
        )
        .expect("parses");
        assert_eq!(parsed.amount.0, U256::MAX);
        assert_eq!((parsed.shares[0].floor.0, parsed.shares[0].adjustment.0), (5, -7));
        assert_eq!(parsed.sustainability_bps, DEFAULT_SUSTAINABILITY_BPS);
        for bad in [r#""0x10""#, r#""-1""#, r#""1e3""#, "1.5", r#""""#] {
            let text = format!(r#"{{"amount": {bad}}}"#);
            assert!(serde_json::from_str::<GraphFile>(&text).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn addresses_must_be_whole() {
        assert!(parse_address("0x1111111111111111111111111111111111111111").is_ok());
        assert!(parse_address("0x11111").is_err());
        assert!(parse_address("1111111111111111111111111111111111111111").is_err());
        assert!(parse_address("0x111111111111111111111111111111111111111g").is_err());
    }
}
