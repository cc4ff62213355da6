//! The case stages and which call, by whom, moves a case from one to the next; who adds evidence
//! and how much.

/// Where a case is, numbered as `IDLAEnforcement.Stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Stage {
    /// No such case.
    None = 0,
    /// Reported, waiting for triage.
    Open = 1,
    /// Accepted, waiting for an investigator.
    Triage = 2,
    /// Under investigation.
    Investigation = 3,
    /// Sanctioned; the appeal window runs.
    Sanction = 4,
    /// Appealed; the council decides.
    Appeal = 5,
    /// Ruled; may be reopened within the reopen window.
    Resolved = 6,
    /// Final.
    Closed = 7,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 8] = [
        Stage::None,
        Stage::Open,
        Stage::Triage,
        Stage::Investigation,
        Stage::Sanction,
        Stage::Appeal,
        Stage::Resolved,
        Stage::Closed,
    ];

    /// The stage with this ABI number.
    pub fn from_u8(value: u8) -> Option<Self> {
        Self::ALL.get(usize::from(value)).copied()
    }

    /// Whether a case here is active (counts against the license's one active case, has an SLA).
    pub fn is_active(self) -> bool {
        matches!(self, Stage::Open | Stage::Triage | Stage::Investigation | Stage::Sanction | Stage::Appeal)
    }
}

/// How a case ended, numbered as `IDLAEnforcement.Ruling`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Ruling {
    /// Not ruled.
    None = 0,
    /// No breach: nothing was sanctioned.
    Dismissed = 1,
    /// The sanctions are final.
    Sanctioned = 2,
    /// An upheld appeal lifted the sanctions.
    Overturned = 3,
}

/// Who calls, as the table distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A reporter: a Valid DID, not the holder of the license it reports (`openCase`), or the
    /// case's reporter (`addEvidence`).
    Reporter,
    /// A triage officer (`TRIAGE_ROLE`).
    TriageOfficer,
    /// The case's assigned investigator, while it holds `INVESTIGATOR_ROLE`.
    Investigator,
    /// The license holder (the token owner).
    Holder,
    /// A council member (`COUNCIL_ROLE`).
    Council,
    /// Anyone.
    Anyone,
}

/// A call that moves a case (or may).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `openCase`.
    Open,
    /// `triageCase`.
    Triage,
    /// `assignInvestigator`: from Triage it enters Investigation; a reassignment (Investigation,
    /// Sanction, Appeal) keeps the stage.
    Assign,
    /// `reclassify`: a new reason code, before any sanction (Open, Triage, Investigation); keeps the
    /// stage.
    Reclassify,
    /// `applySanction` and the license-addressed sanction calls.
    ApplySanction,
    /// `resolve` with this ruling.
    Resolve(Ruling),
    /// `fileAppeal`.
    FileAppeal,
    /// `decideAppeal` once the quorum is reached, with the council's decision.
    AppealDecided {
        /// Whether the appeal was upheld.
        upheld: bool,
    },
    /// `reopen`.
    Reopen,
    /// `closeCase`.
    Close,
}

impl Action {
    /// Who may make this call (the contract checks the role or authority first).
    pub fn actor(self) -> Actor {
        match self {
            Action::Open => Actor::Reporter,
            Action::Triage | Action::Assign | Action::Reclassify | Action::Reopen => Actor::TriageOfficer,
            Action::ApplySanction | Action::Resolve(_) => Actor::Investigator,
            Action::FileAppeal => Actor::Holder,
            Action::AppealDecided { .. } => Actor::Council,
            Action::Close => Actor::Anyone,
        }
    }
}

/// Why the table refuses a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The case is not in a stage that allows the call (`InvalidStage`).
    Stage(Stage),
    /// The ruling cannot be given from this stage (`InvalidArgument`).
    Ruling(Ruling),
}

/// The stage a call moves a case in `stage` to, or why it may not: the table of
/// `IDLAEnforcement`. Windows (appeal, reopen) and authority are checked by the caller.
pub fn next_stage(stage: Stage, action: Action) -> Result<Stage, Refusal> {
    use Stage::*;
    let next = match (stage, action) {
        (None, Action::Open) => Open,
        (Open, Action::Triage) => Triage,
        (Triage, Action::Assign) => Investigation,
        (Investigation | Sanction | Appeal, Action::Assign) => stage,
        (Open | Triage | Investigation, Action::Reclassify) => stage,
        (Investigation | Sanction, Action::ApplySanction) => Sanction,
        (Investigation, Action::Resolve(Ruling::Dismissed)) => Resolved,
        (Sanction, Action::Resolve(Ruling::Sanctioned)) => Resolved,
        (Investigation | Sanction, Action::Resolve(ruling)) => return Err(Refusal::Ruling(ruling)),
        (Sanction, Action::FileAppeal) => Appeal,
        (Appeal, Action::AppealDecided { .. }) => Resolved,
        (Resolved, Action::Reopen) => Investigation,
        (Resolved, Action::Close) => Closed,
        (stage, _) => return Err(Refusal::Stage(stage)),
    };
    Ok(next)
}

/// The most evidence references a case holds (the opening one included): `MAX_EVIDENCE`.
pub const MAX_EVIDENCE: u16 = 64;

/// The most evidence references a case holds while its reporter adds them (Open and Triage; the
/// opening one included), so that a reporter cannot use up the investigator's room:
/// `MAX_REPORTER_EVIDENCE`.
pub const MAX_REPORTER_EVIDENCE: u16 = 16;

/// Who adds evidence to a case in `stage`, and the count below which the case takes one more
/// (`addEvidence`): the reporter up to [`MAX_REPORTER_EVIDENCE`] while Open or Triage, the assigned
/// investigator up to [`MAX_EVIDENCE`] from Investigation to Appeal; `None` where the stage takes
/// none (`InvalidStage`).
pub fn evidence_rule(stage: Stage) -> Option<(Actor, u16)> {
    match stage {
        Stage::Open | Stage::Triage => Some((Actor::Reporter, MAX_REPORTER_EVIDENCE)),
        Stage::Investigation | Stage::Sanction | Stage::Appeal => Some((Actor::Investigator, MAX_EVIDENCE)),
        Stage::None | Stage::Resolved | Stage::Closed => None,
    }
}

/// The ruling a decided appeal gives.
pub fn appeal_ruling(upheld: bool) -> Ruling {
    if upheld { Ruling::Overturned } else { Ruling::Sanctioned }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_actions() -> alloc::vec::Vec<Action> {
        let mut actions = alloc::vec![
            Action::Open,
            Action::Triage,
            Action::Assign,
            Action::Reclassify,
            Action::ApplySanction,
            Action::FileAppeal,
            Action::AppealDecided { upheld: true },
            Action::AppealDecided { upheld: false },
            Action::Reopen,
            Action::Close,
        ];
        for ruling in [Ruling::None, Ruling::Dismissed, Ruling::Sanctioned, Ruling::Overturned] {
            actions.push(Action::Resolve(ruling));
        }
        actions
    }

    #[test]
    fn the_happy_paths_follow_the_table() {
        let mut stage = Stage::None;
        for action in [Action::Open, Action::Triage, Action::Assign, Action::ApplySanction, Action::ApplySanction] {
            stage = next_stage(stage, action).expect("allowed");
        }
        assert_eq!(stage, Stage::Sanction);
        let appealed = next_stage(stage, Action::FileAppeal).expect("appeal");
        assert_eq!(next_stage(appealed, Action::AppealDecided { upheld: true }), Ok(Stage::Resolved));
        assert_eq!(next_stage(stage, Action::Resolve(Ruling::Sanctioned)), Ok(Stage::Resolved));
        assert_eq!(next_stage(Stage::Investigation, Action::Resolve(Ruling::Dismissed)), Ok(Stage::Resolved));
        assert_eq!(next_stage(Stage::Resolved, Action::Reopen), Ok(Stage::Investigation));
        assert_eq!(next_stage(Stage::Resolved, Action::Close), Ok(Stage::Closed));
        assert_eq!(appeal_ruling(true), Ruling::Overturned);
    }

    #[test]
    fn no_stage_is_skipped_and_closed_is_final() {
        // Every allowed move goes one step along the order, or back from Resolved to Investigation
        // (reopen), or stays (reassignment, more sanctions).
        for stage in Stage::ALL {
            for action in all_actions() {
                let Ok(next) = next_stage(stage, action) else { continue };
                let forward_one = next as u8 == stage as u8 + 1;
                let skips_appeal = matches!(
                    (stage, next),
                    (Stage::Investigation, Stage::Resolved) | (Stage::Sanction, Stage::Resolved)
                );
                let reopen = (stage, next) == (Stage::Resolved, Stage::Investigation);
                assert!(forward_one || next == stage || skips_appeal || reopen, "{stage:?} --{action:?}--> {next:?}");
            }
        }
        for action in all_actions() {
            assert_eq!(next_stage(Stage::Closed, action), Err(Refusal::Stage(Stage::Closed)));
        }
    }

    #[test]
    fn reassignment_and_reclassification_keep_the_stage() {
        assert_eq!(next_stage(Stage::Triage, Action::Assign), Ok(Stage::Investigation));
        for stage in [Stage::Investigation, Stage::Sanction, Stage::Appeal] {
            assert_eq!(next_stage(stage, Action::Assign), Ok(stage), "reassignment in {stage:?}");
        }
        for stage in [Stage::None, Stage::Open, Stage::Resolved, Stage::Closed] {
            assert_eq!(next_stage(stage, Action::Assign), Err(Refusal::Stage(stage)));
        }
        for stage in [Stage::Open, Stage::Triage, Stage::Investigation] {
            assert_eq!(next_stage(stage, Action::Reclassify), Ok(stage), "reclassification in {stage:?}");
        }
        for stage in [Stage::None, Stage::Sanction, Stage::Appeal, Stage::Resolved, Stage::Closed] {
            assert_eq!(next_stage(stage, Action::Reclassify), Err(Refusal::Stage(stage)));
        }
        assert_eq!(Action::Reclassify.actor(), Actor::TriageOfficer);
        assert_eq!(Action::Assign.actor(), Actor::TriageOfficer);
    }

    #[test]
    fn the_reporter_adds_up_to_its_cap_and_the_investigator_up_to_the_case_cap() {
        assert_eq!(evidence_rule(Stage::Open), Some((Actor::Reporter, 16)));
        assert_eq!(evidence_rule(Stage::Triage), Some((Actor::Reporter, MAX_REPORTER_EVIDENCE)));
        for stage in [Stage::Investigation, Stage::Sanction, Stage::Appeal] {
            assert_eq!(evidence_rule(stage), Some((Actor::Investigator, 64)));
        }
        for stage in [Stage::None, Stage::Resolved, Stage::Closed] {
            assert_eq!(evidence_rule(stage), None);
        }
        const { assert!(MAX_REPORTER_EVIDENCE < MAX_EVIDENCE, "the investigator keeps room") };
    }

    #[test]
    fn rulings_are_checked_by_stage() {
        assert_eq!(
            next_stage(Stage::Investigation, Action::Resolve(Ruling::Sanctioned)),
            Err(Refusal::Ruling(Ruling::Sanctioned))
        );
        assert_eq!(
            next_stage(Stage::Sanction, Action::Resolve(Ruling::Dismissed)),
            Err(Refusal::Ruling(Ruling::Dismissed))
        );
        assert_eq!(next_stage(Stage::Sanction, Action::Resolve(Ruling::None)), Err(Refusal::Ruling(Ruling::None)));
        assert_eq!(next_stage(Stage::Open, Action::Resolve(Ruling::Dismissed)), Err(Refusal::Stage(Stage::Open)));
        assert_eq!(next_stage(Stage::Appeal, Action::Resolve(Ruling::Sanctioned)), Err(Refusal::Stage(Stage::Appeal)));
    }

    #[test]
    fn stages_round_trip_their_numbers_and_know_if_active() {
        for stage in Stage::ALL {
            assert_eq!(Stage::from_u8(stage as u8), Some(stage));
        }
        assert_eq!(Stage::from_u8(8), None);
        let active: alloc::vec::Vec<Stage> = Stage::ALL.into_iter().filter(|stage| stage.is_active()).collect();
        assert_eq!(active, [Stage::Open, Stage::Triage, Stage::Investigation, Stage::Sanction, Stage::Appeal]);
        assert_eq!(Action::FileAppeal.actor(), Actor::Holder);
        assert_eq!(Action::Resolve(Ruling::Dismissed).actor(), Actor::Investigator);
    }
}
