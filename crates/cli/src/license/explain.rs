//! Turning the license registry's custom errors into sentences that say what was wrong and what
//! to do, as `chlom did` does for the DID registry.

use alloy::primitives::{B256, U256};
use alloy::providers::Provider;
use alloy::sol_types::SolInterface;
use chlom_bindings::LicenseRegistry::{LicenseRegistryErrors as Errors, LicenseRegistryInstance};
use chlom_core::identity::Status;

use super::parse::{format_id, format_region, role_name, state_name};
use crate::time::format_utc;

/// What the user asked for, so that an explanation can name the state or role it needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// `issueLicense`.
    Issue,
    /// The views behind `chlom license show`.
    Show,
    /// `activateLicense`.
    Activate,
    /// `suspendLicense`.
    Suspend,
    /// `reinstateLicense`.
    Reinstate,
    /// `revokeLicense`.
    Revoke,
    /// `renewLicense`.
    Renew,
    /// `createSublicense`.
    Sublicense,
    /// `freezeLicense`.
    Freeze,
    /// `unfreezeLicense`.
    Unfreeze,
    /// `updateTerms`.
    Terms,
    /// `recordCompliance` or `recordHolderRisk`.
    Compliance,
}

impl Action {
    /// The state a license must be in for this action, in words.
    fn needs(self) -> &'static str {
        match self {
            Self::Activate => "only a Draft license can be activated",
            Self::Suspend => "only an Active license can be suspended",
            Self::Reinstate => "only a Suspended license can be reinstated",
            Self::Sublicense => "only an Active parent can be sublicensed",
            _ => "the call does not apply to a license in that state",
        }
    }

    /// Who may do this, in words.
    fn who(self) -> &'static str {
        match self {
            Self::Issue => "issuing needs ISSUER_ROLE and control of the issuer DID; sign with the issuer's key",
            Self::Activate | Self::Renew | Self::Terms => {
                "only the issuer (whoever controls the issuer DID) may do this; sign with the issuer's key"
            }
            Self::Revoke => "only the issuer (whoever controls the issuer DID) or ENFORCEMENT_ROLE may revoke",
            Self::Sublicense => "only the holder of the parent license may sublicense it",
            Self::Suspend | Self::Reinstate | Self::Freeze | Self::Unfreeze => "this needs ENFORCEMENT_ROLE",
            Self::Compliance => "recording risk scores needs COMPLIANCE_ROLE",
            Self::Show => "reading is open to all",
        }
    }
}

/// Decodes a failed call into the registry's errors and explains it; anything else (a transport
/// failure, an unknown revert) is reported as it came. Reads the risk threshold for a failed
/// compliance gate.
pub(crate) async fn explain<P: Provider>(
    error: alloy::contract::Error,
    registry: &LicenseRegistryInstance<P>,
    action: Action,
) -> eyre::Report {
    let Some(decoded) = error.as_decoded_interface_error::<Errors>() else {
        return eyre::eyre!("the transaction failed: {error}");
    };
    let threshold = match decoded {
        Errors::ComplianceFailed(_) => registry.riskThreshold().call().await.ok(),
        _ => None,
    };
    let name = Errors::name_by_selector(decoded.selector()).unwrap_or("an error");
    eyre::eyre!("the license registry refused with {name}: {}", sentence(&decoded, action, threshold))
}

fn id(id: U256) -> String {
    format_id(id)
}

fn status_name(value: u8) -> String {
    Status::from_u8(value).map(|status| format!("{status:?}")).unwrap_or_else(|| format!("unknown status {value}"))
}

/// The explanation of one decoded error.
pub(crate) fn sentence(error: &Errors, action: Action, threshold: Option<u8>) -> String {
    match error {
        Errors::NotAuthorized(e) if e.id == U256::ZERO => {
            format!("{} does not control the issuer DID, or controls no DID: {}", e.caller, action.who())
        }
        Errors::NotAuthorized(e) => format!("{} may not do this to license {}: {}", e.caller, id(e.id), action.who()),
        Errors::AccessControlUnauthorizedAccount(e) => format!(
            "{} lacks {} ({}); an admin grants it with grantRole",
            e.account,
            role_name(e.neededRole),
            action.who()
        ),
        Errors::AccessControlBadConfirmation(_) => "an account can only renounce its own role".into(),
        Errors::LicenseNotFound(e) => format!("no license {} exists on this registry", id(e.id)),
        Errors::ERC721NonexistentToken(e) => format!("no license {} exists on this registry", id(e.tokenId)),
        Errors::LicenseHasExpired(e) => format!(
            "license {} expired at {}; a renewable license can be renewed (`chlom license renew`), and every other \
             change is refused",
            id(e.id),
            format_utc(e.expiresAt)
        ),
        Errors::InvalidState(e) => {
            format!("license {} is {}; {}", id(e.id), state_name(e.state), action.needs())
        }
        Errors::AlreadyRevoked(e) => format!(
            "license {} is Revoked, which is final: it cannot be renewed, suspended, reinstated, frozen, changed \
             or revoked again",
            id(e.id)
        ),
        Errors::InvalidJurisdiction(e) if e.region.is_zero() => "a license names at most 16 allowed regions".into(),
        Errors::InvalidJurisdiction(e) => {
            format!("region {:?} is not two uppercase letters (or ZZ for global)", format_region(e.region))
        }
        Errors::InvalidRoyalty(e) => format!(
            "a royalty of {} bps is above the maximum of {} bps (10,000 bps is 100%; a sublicense's royalty is at \
             most its parent's)",
            e.royaltyBps, e.maxBps
        ),
        Errors::ComplianceFailed(e) => compliance(e.didHash, e.riskScore, e.status, threshold),
        Errors::HolderRegionNotAllowed(e) => format!(
            "DID {} is registered in region {}, which is not among the license's allowed regions",
            e.didHash,
            format_region(e.region)
        ),
        Errors::InvalidExpiry(e) => expiry(e.expiresAt, e.notBefore, e.notAfter),
        Errors::NotRenewable(e) => {
            format!("license {} was issued without --renewable, so it cannot be renewed", id(e.id))
        }
        Errors::NotSublicensable(e) => format!(
            "license {} does not allow sublicenses: it was issued without --sublicensable, or it is a sublicense itself",
            id(e.parentId)
        ),
        Errors::LicenseNotUsable(e) => format!(
            "license {} is frozen, or its parent is not Active and unfrozen, so it cannot move or be sublicensed",
            id(e.id)
        ),
        Errors::InvalidLicenseType(_) => "sublicenses come only from `chlom license sublicense`".into(),
        Errors::InvalidTerms(_) => "the terms URI must not be empty".into(),
        Errors::FreezeUnchanged(e) if e.frozen => format!("license {} is frozen already", id(e.id)),
        Errors::FreezeUnchanged(e) => format!("license {} is not frozen", id(e.id)),
        Errors::InvalidScore(e) => {
            format!("{} is out of range: a risk score is 0 to 100, a threshold 1 to 100", e.score)
        }
        Errors::InvalidAccount(e) if action == Action::Compliance => {
            format!("the holder {} controls no DID, so no risk score can be recorded for it", e.account)
        }
        Errors::InvalidAccount(e) => format!("{} is not a usable account", e.account),
        Errors::ERC721IncorrectOwner(e) => {
            format!("{} does not hold license {}; {} does", e.sender, id(e.tokenId), e.owner)
        }
        Errors::ERC721InsufficientApproval(e) => {
            format!("{} neither holds license {} nor is approved for it", e.operator, id(e.tokenId))
        }
        Errors::ERC721InvalidApprover(e) => format!("{} may not approve for this license", e.approver),
        Errors::ERC721InvalidOperator(e) => format!("{} cannot be an operator", e.operator),
        Errors::ERC721InvalidOwner(e) => format!("{} cannot own licenses", e.owner),
        Errors::ERC721InvalidReceiver(e) => format!("{} cannot receive licenses", e.receiver),
        Errors::ERC721InvalidSender(e) => format!("{} cannot send this license", e.sender),
    }
}

/// Why a DID failed the compliance gate: every condition, with its value.
fn compliance(did: B256, score: u8, status: u8, threshold: Option<u8>) -> String {
    if did.is_zero() {
        return "the account controls no DID, so it cannot hold a license: register one with `chlom did register` \
                and have a verifier make it valid"
            .into();
    }
    let mut reasons = Vec::new();
    let threshold_text = threshold.map(|t| t.to_string()).unwrap_or_else(|| "the registry's threshold".into());
    if threshold.is_none_or(|threshold| score >= threshold) {
        reasons.push(format!(
            "its risk score {score} is not below the threshold {threshold_text} (the compliance role records scores \
             with `chlom license compliance`)"
        ));
    }
    if status == Status::None as u8 {
        reasons.push("it is not registered in the DID registry (`chlom did register`)".into());
    } else if status != Status::Valid as u8 {
        reasons.push(format!(
            "its status is {}, not Valid (a verifier moves it with `chlom did set-status`)",
            status_name(status)
        ));
    }
    format!(
        "DID {did} fails the compliance gate (risk score {score} vs threshold {threshold_text}, status {}): {}",
        status_name(status),
        reasons.join("; ")
    )
}

fn expiry(expires_at: u64, not_before: u64, not_after: u64) -> String {
    let upper = if not_after == u64::MAX {
        String::new()
    } else {
        format!(" and at most {} ({not_after}, the parent's expiry)", format_utc(not_after))
    };
    format!(
        "the expiry {} ({expires_at}) must be after {} ({not_before}){upper}",
        format_utc(expires_at),
        format_utc(not_before)
    )
}

#[cfg(test)]
mod tests {
    use chlom_bindings::LicenseRegistry;

    use super::*;

    #[test]
    fn compliance_failures_name_the_did_its_score_the_threshold_and_its_status() {
        let did = B256::repeat_byte(7);
        let failed = Errors::ComplianceFailed(LicenseRegistry::ComplianceFailed {
            didHash: did,
            riskScore: 90,
            status: Status::Valid as u8,
        });
        let text = sentence(&failed, Action::Issue, Some(80));
        assert!(text.contains(&did.to_string()), "{text}");
        assert!(text.contains("risk score 90 is not below the threshold 80"), "{text}");
        assert!(!text.contains("not Valid"), "{text}");

        let unverified = Errors::ComplianceFailed(LicenseRegistry::ComplianceFailed {
            didHash: did,
            riskScore: 0,
            status: Status::Verified as u8,
        });
        let text = sentence(&unverified, Action::Activate, Some(80));
        assert!(text.contains("its status is Verified, not Valid"), "{text}");
        assert!(!text.contains("not below"), "{text}");

        let nobody = Errors::ComplianceFailed(LicenseRegistry::ComplianceFailed {
            didHash: B256::ZERO,
            riskScore: 0,
            status: 0,
        });
        assert!(sentence(&nobody, Action::Issue, Some(80)).contains("controls no DID"));
    }

    #[test]
    fn state_errors_say_what_the_action_needs() {
        let draft = Errors::InvalidState(LicenseRegistry::InvalidState { id: U256::from(1), state: 0 });
        assert!(sentence(&draft, Action::Suspend, None).contains("is Draft; only an Active license can be suspended"));
        let expired = Errors::InvalidExpiry(LicenseRegistry::InvalidExpiry {
            expiresAt: 0,
            notBefore: 1_700_000_000,
            notAfter: u64::MAX,
        });
        assert!(sentence(&expired, Action::Issue, None).contains("must be after 2023-11-14 22:13:20 UTC"));
    }
}
