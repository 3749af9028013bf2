//! The round engine: a pure state machine for a timed mock-interview round. It never reads a clock:
//! every transition takes `now`, a monotonic time in milliseconds, so tests drive it with a fake one.

use serde::{Deserialize, Serialize};

/// Milliseconds.
pub type Ms = u64;

/// A soft time budget inside a design question ("clarify requirements", "data", ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub name: String,
    pub budget_ms: Ms,
}

/// One step of a round: a question to answer, or a break between parts of a loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Slot {
    #[serde(rename_all = "camelCase")]
    Question {
        question_id: String,
        budget_ms: Ms,
        /// When set, the round moves on by itself once this much time has been used.
        hard_limit_ms: Option<Ms>,
        phases: Vec<Phase>,
    },
    #[serde(rename_all = "camelCase")]
    Break { budget_ms: Ms },
}

impl Slot {
    pub fn budget_ms(&self) -> Ms {
        match self {
            Slot::Question { budget_ms, .. } | Slot::Break { budget_ms } => *budget_ms,
        }
    }
}

/// How a step ended. Whether a question was *answered* is decided later, from its outcome and its
/// answer text: a skipped question never counts as answered, whatever was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Pending,
    Current,
    /// The user moved on (or finished the round) from it.
    Completed,
    Skipped,
    /// The hard limit moved the round on.
    TimedOut,
    /// The round ended before it was reached.
    NotReached,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub slot: Slot,
    pub outcome: Outcome,
    /// Time spent on this step, not counting pauses.
    pub used_ms: Ms,
    pub soft_signalled: bool,
    /// Phases whose budget end has been signalled.
    pub phases_signalled: usize,
}

impl Item {
    /// Time past the step's budget. Never capped.
    pub fn overtime_ms(&self) -> Ms {
        self.used_ms.saturating_sub(self.slot.budget_ms())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    Ready,
    Running,
    Paused,
    Finished,
    Abandoned,
}

/// Why a round was paused. Logged with every pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PauseReason {
    User,
    /// The app was closed or killed while the round ran.
    AppClosed,
    /// A gap in the clock: the machine slept, or the app was frozen.
    Sleep,
}

/// What happened, for the UI (and the sound cue) to react to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "signal", rename_all = "camelCase")]
pub enum Signal {
    #[serde(rename_all = "camelCase")]
    QuestionDue {
        index: usize,
    },
    #[serde(rename_all = "camelCase")]
    BreakDue {
        index: usize,
    },
    #[serde(rename_all = "camelCase")]
    SoftBudgetReached {
        index: usize,
    },
    #[serde(rename_all = "camelCase")]
    PhaseDue {
        index: usize,
        phase: usize,
    },
    #[serde(rename_all = "camelCase")]
    HardLimitReached {
        index: usize,
    },
    TotalBudgetReached,
    #[serde(rename_all = "camelCase")]
    Paused {
        reason: PauseReason,
    },
    Resumed,
    RoundOver,
}

/// A transition that makes no sense in the round's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTransition(pub String);

type Step = Result<Vec<Signal>, InvalidTransition>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Round {
    pub items: Vec<Item>,
    pub current: usize,
    pub status: Status,
    pub total_budget_ms: Option<Ms>,
    pub total_signalled: bool,
    /// Monotonic time the running stretch began. Meaningless outside this process, so never stored.
    #[serde(skip)]
    running_since: Option<Ms>,
}

impl Round {
    pub fn new(slots: Vec<Slot>, total_budget_ms: Option<Ms>) -> Round {
        let items = slots
            .into_iter()
            .map(|slot| Item {
                slot,
                outcome: Outcome::Pending,
                used_ms: 0,
                soft_signalled: false,
                phases_signalled: 0,
            })
            .collect();
        Round {
            items,
            current: 0,
            status: Status::Ready,
            total_budget_ms,
            total_signalled: false,
            running_since: None,
        }
    }

    fn invalid(&self, what: &str) -> InvalidTransition {
        InvalidTransition(format!("cannot {what} a round that is {:?}", self.status).to_lowercase())
    }

    /// Time used on the current step, up to `now`.
    pub fn current_used(&self, now: Ms) -> Ms {
        let running = self
            .running_since
            .map_or(0, |since| now.saturating_sub(since));
        self.items
            .get(self.current)
            .map_or(0, |i| i.used_ms + running)
    }

    /// Time used on the whole round, up to `now`.
    pub fn total_used(&self, now: Ms) -> Ms {
        let running = self
            .running_since
            .map_or(0, |since| now.saturating_sub(since));
        self.items.iter().map(|i| i.used_ms).sum::<Ms>() + running
    }

    pub fn is_over(&self) -> bool {
        matches!(self.status, Status::Finished | Status::Abandoned)
    }

    /// Adds the running stretch up to `at` to the current step, and starts a new stretch there.
    fn fold(&mut self, at: Ms) {
        if let Some(since) = self.running_since {
            if let Some(item) = self.items.get_mut(self.current) {
                item.used_ms += at.saturating_sub(since);
            }
            self.running_since = Some(at.max(since));
        }
    }

    /// Folds the running time into the steps, so the round can be stored as it is at `now`.
    pub fn checkpoint(&mut self, now: Ms) {
        self.fold(now);
    }

    pub fn start(&mut self, now: Ms) -> Step {
        if self.status != Status::Ready {
            return Err(self.invalid("start"));
        }
        if self.items.is_empty() {
            return Err(InvalidTransition("this round has no questions".into()));
        }
        self.status = Status::Running;
        self.running_since = Some(now);
        Ok(self.enter(0))
    }

    fn enter(&mut self, index: usize) -> Vec<Signal> {
        self.current = index;
        self.items[index].outcome = Outcome::Current;
        match self.items[index].slot {
            Slot::Question { .. } => vec![Signal::QuestionDue { index }],
            Slot::Break { .. } => vec![Signal::BreakDue { index }],
        }
    }

    pub fn pause(&mut self, now: Ms) -> Step {
        self.pause_at(now, now, PauseReason::User)
    }

    /// Pauses as of `at` (which may be before `now`: a sleep is noticed only on waking), so the
    /// time between is not counted.
    pub fn pause_at(&mut self, at: Ms, now: Ms, reason: PauseReason) -> Step {
        if self.status != Status::Running {
            return Err(self.invalid("pause"));
        }
        self.fold(at.min(now));
        self.running_since = None;
        self.status = Status::Paused;
        Ok(vec![Signal::Paused { reason }])
    }

    pub fn resume(&mut self, now: Ms) -> Step {
        if self.status != Status::Paused {
            return Err(self.invalid("resume"));
        }
        self.status = Status::Running;
        self.running_since = Some(now);
        Ok(vec![Signal::Resumed])
    }

    /// Moves on from the current step (to the next, or to the end of the round).
    pub fn next(&mut self, now: Ms) -> Step {
        self.leave(now, Outcome::Completed, "move on from")
    }

    /// Leaves the current question unanswered and moves on. On a break, ends the break early.
    pub fn skip(&mut self, now: Ms) -> Step {
        let outcome = match self.items.get(self.current).map(|i| &i.slot) {
            Some(Slot::Break { .. }) => Outcome::Completed,
            _ => Outcome::Skipped,
        };
        self.leave(now, outcome, "skip in")
    }

    fn leave(&mut self, now: Ms, outcome: Outcome, what: &str) -> Step {
        if !matches!(self.status, Status::Running | Status::Paused) {
            return Err(self.invalid(what));
        }
        // Moving on from a paused round starts the clock again on the next step.
        if self.status == Status::Paused {
            self.status = Status::Running;
        }
        self.fold(now);
        self.running_since = Some(now);
        self.items[self.current].outcome = outcome;
        let next = self.current + 1;
        if next < self.items.len() {
            Ok(self.enter(next))
        } else {
            Ok(self.end(now, Status::Finished))
        }
    }

    /// Ends the round now; steps not reached stay unanswered.
    pub fn finish(&mut self, now: Ms) -> Step {
        if !matches!(self.status, Status::Running | Status::Paused) {
            return Err(self.invalid("finish"));
        }
        Ok(self.end(now, Status::Finished))
    }

    pub fn abandon(&mut self, now: Ms) -> Step {
        if self.is_over() {
            return Err(self.invalid("abandon"));
        }
        Ok(self.end(now, Status::Abandoned))
    }

    fn end(&mut self, now: Ms, status: Status) -> Vec<Signal> {
        self.fold(now);
        self.running_since = None;
        for item in &mut self.items {
            item.outcome = match item.outcome {
                Outcome::Current => Outcome::Completed,
                Outcome::Pending => Outcome::NotReached,
                other => other,
            };
        }
        self.status = status;
        vec![Signal::RoundOver]
    }

    /// What the clock has brought about by `now`: budgets reached, phases due, a hard limit or a
    /// break's end moving the round on.
    pub fn tick(&mut self, now: Ms) -> Vec<Signal> {
        let mut signals = Vec::new();
        if self.status != Status::Running {
            return signals;
        }
        let index = self.current;
        let used = self.current_used(now);
        let item = &mut self.items[index];
        // When the step must end by itself, the time it ended: only its limit is counted, however
        // late the tick that noticed it; the rest already belongs to the next step.
        let mut ends_at = None;
        match &item.slot {
            Slot::Question {
                budget_ms,
                hard_limit_ms,
                phases,
                ..
            } => {
                let mut phase_end = 0;
                for (p, phase) in phases.iter().enumerate() {
                    phase_end += phase.budget_ms;
                    if p >= item.phases_signalled && used >= phase_end && p + 1 < phases.len() {
                        item.phases_signalled = p + 1;
                        signals.push(Signal::PhaseDue {
                            index,
                            phase: p + 1,
                        });
                    }
                }
                if !item.soft_signalled && used >= *budget_ms {
                    item.soft_signalled = true;
                    signals.push(Signal::SoftBudgetReached { index });
                }
                if let Some(limit) = hard_limit_ms.filter(|l| used >= *l) {
                    signals.push(Signal::HardLimitReached { index });
                    ends_at = Some((limit, Outcome::TimedOut));
                }
            }
            Slot::Break { budget_ms } => {
                if used >= *budget_ms {
                    ends_at = Some((*budget_ms, Outcome::Completed));
                }
            }
        }
        if let Some((limit, outcome)) = ends_at {
            // The moment the limit was reached, but never before this running stretch began (a
            // limit passed just before a pause ends the step as soon as the round resumes).
            let since = self.running_since.unwrap_or(now);
            let at = now.saturating_sub(used - limit).max(since);
            signals.extend(self.leave(at, outcome, "end").unwrap_or_default());
        }
        if let (Some(total), false) = (self.total_budget_ms, self.total_signalled) {
            if self.status == Status::Running && self.total_used(now) >= total {
                self.total_signalled = true;
                signals.push(Signal::TotalBudgetReached);
            }
        }
        signals
    }

    /// The round as loaded after the app was closed or killed: a running round comes back paused
    /// (the time the app was closed is not counted), at the same step with the same time used.
    pub fn restored(mut self) -> (Round, Vec<Signal>) {
        self.running_since = None;
        if self.status == Status::Running {
            self.status = Status::Paused;
            return (
                self,
                vec![Signal::Paused {
                    reason: PauseReason::AppClosed,
                }],
            );
        }
        (self, Vec::new())
    }

    /// The current design phase, from the time used on the current question.
    pub fn current_phase(&self, now: Ms) -> Option<usize> {
        let Slot::Question { phases, .. } = &self.items.get(self.current)?.slot else {
            return None;
        };
        if phases.is_empty() {
            return None;
        }
        let used = self.current_used(now);
        let mut end = 0;
        for (i, p) in phases.iter().enumerate() {
            end += p.budget_ms;
            if used < end {
                return Some(i);
            }
        }
        Some(phases.len() - 1)
    }
}

/// The rule for sleep: the driver ticks every few hundred milliseconds, so a gap of more than
/// `SLEEP_GAP_MS` between two ticks (by the monotonic clock or the wall clock, whichever jumped
/// further) means the machine slept or the app was frozen. The round is then paused as of the last
/// tick, and the gap is not counted.
pub const SLEEP_GAP_MS: Ms = 5_000;

/// `(monotonic, wall)` times of two consecutive ticks; true when they span a sleep.
pub fn slept_between(prev: (Ms, i64), now: (Ms, i64)) -> bool {
    let mono = now.0.saturating_sub(prev.0);
    let wall = now.1.saturating_sub(prev.1).max(0) as Ms;
    mono.max(wall) > SLEEP_GAP_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Ms = 1_000;

    fn q(budget: Ms) -> Slot {
        Slot::Question {
            question_id: format!("q{budget}"),
            budget_ms: budget,
            hard_limit_ms: None,
            phases: vec![],
        }
    }

    fn three() -> Round {
        Round::new(vec![q(10 * S), q(20 * S), q(30 * S)], Some(50 * S))
    }

    #[test]
    fn time_is_counted_per_question_and_overtime_is_never_capped() {
        let mut r = three();
        assert_eq!(r.start(100).unwrap(), [Signal::QuestionDue { index: 0 }]);
        assert!(r.tick(100 + 9 * S).is_empty());
        assert_eq!(
            r.tick(100 + 10 * S),
            [Signal::SoftBudgetReached { index: 0 }]
        );
        assert!(r.tick(100 + 11 * S).is_empty(), "signalled once");
        assert_eq!(
            r.status,
            Status::Running,
            "a soft budget does not stop the question"
        );
        r.next(100 + 25 * S).unwrap();
        assert_eq!(r.items[0].used_ms, 25 * S);
        assert_eq!(r.items[0].overtime_ms(), 15 * S);
        assert_eq!(r.items[0].outcome, Outcome::Completed);
        assert_eq!((r.current, r.current_used(100 + 26 * S)), (1, S));
    }

    #[test]
    fn paused_time_is_not_counted() {
        let mut r = three();
        r.start(0).unwrap();
        r.pause(4 * S).unwrap();
        assert_eq!(
            r.current_used(100 * S),
            4 * S,
            "nothing accrues while paused"
        );
        assert!(r.tick(100 * S).is_empty());
        assert!(r.pause(101 * S).is_err());
        r.resume(200 * S).unwrap();
        assert_eq!(r.current_used(203 * S), 7 * S);
        r.next(206 * S).unwrap();
        assert_eq!(r.items[0].used_ms, 10 * S);
        assert_eq!(r.total_used(206 * S), 10 * S);
    }

    #[test]
    fn the_hard_limit_moves_on_and_counts_only_up_to_the_limit() {
        let mut r = Round::new(
            vec![
                Slot::Question {
                    question_id: "a".into(),
                    budget_ms: 5 * S,
                    hard_limit_ms: Some(8 * S),
                    phases: vec![],
                },
                q(10 * S),
            ],
            None,
        );
        r.start(0).unwrap();
        let signals = r.tick(8 * S + 300); // the tick that notices comes a little late
        assert_eq!(
            signals,
            [
                Signal::SoftBudgetReached { index: 0 },
                Signal::HardLimitReached { index: 0 },
                Signal::QuestionDue { index: 1 }
            ]
        );
        assert_eq!(r.items[0].used_ms, 8 * S);
        assert_eq!(r.items[0].outcome, Outcome::TimedOut);
        assert_eq!(
            r.current_used(8 * S + 300),
            300,
            "the late part counts for the next question"
        );
    }

    #[test]
    fn a_limit_passed_just_before_a_pause_never_counts_paused_time_for_the_next_question() {
        let mut r = Round::new(
            vec![
                Slot::Question {
                    question_id: "a".into(),
                    budget_ms: S,
                    hard_limit_ms: Some(2 * S),
                    phases: vec![],
                },
                q(10 * S),
            ],
            None,
        );
        r.start(0).unwrap();
        r.pause(2 * S + 100).unwrap(); // the limit passed 100 ms ago; no tick noticed yet
        r.resume(60 * S).unwrap();
        let signals = r.tick(60 * S + 50);
        assert!(signals.contains(&Signal::HardLimitReached { index: 0 }));
        assert_eq!(r.items[0].used_ms, 2 * S + 100);
        assert_eq!(
            r.current_used(60 * S + 50),
            50,
            "only the time since the resume, none of the pause"
        );
    }

    #[test]
    fn skip_is_recorded_as_skipped_and_finish_leaves_the_rest_not_reached() {
        let mut r = three();
        r.start(0).unwrap();
        r.skip(2 * S).unwrap();
        assert_eq!(r.items[0].outcome, Outcome::Skipped);
        assert_eq!(r.finish(5 * S).unwrap(), [Signal::RoundOver]);
        assert_eq!(
            r.items.iter().map(|i| i.outcome).collect::<Vec<_>>(),
            [Outcome::Skipped, Outcome::Completed, Outcome::NotReached]
        );
        assert_eq!(r.status, Status::Finished);
        assert!(r.next(6 * S).is_err());
        assert!(r.tick(60 * S).is_empty());
    }

    #[test]
    fn moving_past_the_last_question_ends_the_round() {
        let mut r = Round::new(vec![q(S)], None);
        r.start(0).unwrap();
        assert_eq!(r.next(S).unwrap(), [Signal::RoundOver]);
        assert_eq!(r.status, Status::Finished);
    }

    #[test]
    fn moving_on_from_a_paused_round_restarts_the_clock() {
        let mut r = three();
        r.start(0).unwrap();
        r.pause(S).unwrap();
        r.next(10 * S).unwrap();
        assert_eq!(r.items[0].used_ms, S);
        assert_eq!(r.status, Status::Running);
        assert_eq!(r.current_used(12 * S), 2 * S);
    }

    #[test]
    fn design_phases_come_due_in_turn() {
        let phases = vec![
            Phase {
                name: "clarify".into(),
                budget_ms: 2 * S,
            },
            Phase {
                name: "data".into(),
                budget_ms: 3 * S,
            },
            Phase {
                name: "model".into(),
                budget_ms: 5 * S,
            },
        ];
        let mut r = Round::new(
            vec![Slot::Question {
                question_id: "d".into(),
                budget_ms: 10 * S,
                hard_limit_ms: None,
                phases,
            }],
            None,
        );
        r.start(0).unwrap();
        assert_eq!(r.current_phase(S), Some(0));
        assert_eq!(r.tick(2 * S), [Signal::PhaseDue { index: 0, phase: 1 }]);
        assert_eq!(r.current_phase(2 * S), Some(1));
        assert_eq!(r.tick(9 * S), [Signal::PhaseDue { index: 0, phase: 2 }]);
        assert_eq!(
            r.current_phase(30 * S),
            Some(2),
            "the last phase runs on into overtime"
        );
    }

    #[test]
    fn breaks_end_by_themselves_or_early() {
        let mut r = Round::new(
            vec![
                q(S),
                Slot::Break { budget_ms: 5 * S },
                q(S),
                Slot::Break { budget_ms: 5 * S },
                q(S),
            ],
            None,
        );
        r.start(0).unwrap();
        assert_eq!(r.next(S).unwrap(), [Signal::BreakDue { index: 1 }]);
        assert_eq!(r.tick(6 * S), [Signal::QuestionDue { index: 2 }]);
        assert_eq!(r.items[1].used_ms, 5 * S);
        r.next(7 * S).unwrap();
        r.skip(8 * S).unwrap();
        assert_eq!(
            r.items[3].outcome,
            Outcome::Completed,
            "ending a break early is not a skipped question"
        );
        assert_eq!(r.current, 4);
    }

    #[test]
    fn the_total_budget_is_signalled_once() {
        let mut r = Round::new(vec![q(100 * S)], Some(3 * S));
        r.start(0).unwrap();
        assert_eq!(r.tick(3 * S), [Signal::TotalBudgetReached]);
        assert!(r.tick(4 * S).is_empty());
    }

    #[test]
    fn a_restored_round_resumes_paused_at_the_same_place_with_the_same_time() {
        let mut r = three();
        r.start(1_000_000).unwrap();
        r.next(1_000_000 + 12 * S).unwrap();
        r.checkpoint(1_000_000 + 15 * S); // the last write before the app was killed
        let stored = serde_json::to_string(&r).unwrap();

        let (mut back, signals) = serde_json::from_str::<Round>(&stored).unwrap().restored();
        assert_eq!(
            signals,
            [Signal::Paused {
                reason: PauseReason::AppClosed
            }]
        );
        assert_eq!((back.status, back.current), (Status::Paused, 1));
        assert_eq!(
            back.current_used(5),
            3 * S,
            "a new process's clock starts anywhere"
        );
        back.resume(5).unwrap();
        assert_eq!(back.current_used(5 + 2 * S), 5 * S);
        assert_eq!(
            back.items[1].slot.budget_ms() - back.current_used(5 + 2 * S),
            15 * S,
            "remaining time is as it was"
        );
    }

    #[test]
    fn sleep_pauses_as_of_the_last_tick() {
        let mut r = three();
        r.start(0).unwrap();
        let last = (4 * S, 1_000_000);
        let woke = (4 * S + 250, 1_000_000 + 3_600_000); // the monotonic clock stood still; the wall clock did not
        assert!(slept_between(last, woke));
        assert!(!slept_between(last, (4 * S + 250, 1_000_250)));
        assert!(
            slept_between(last, (4 * S + 60 * S, 1_000_250)),
            "a monotonic clock that counts sleep"
        );
        r.pause_at(last.0, woke.0, PauseReason::Sleep).unwrap();
        assert_eq!(r.current_used(woke.0 + 10 * S), 4 * S);
    }

    #[test]
    fn invalid_transitions_are_refused() {
        let mut r = three();
        assert!(r.pause(0).is_err());
        assert!(r.resume(0).is_err());
        assert!(r.next(0).is_err());
        r.start(0).unwrap();
        assert!(r.start(1).is_err());
        r.abandon(2).unwrap();
        assert_eq!(r.status, Status::Abandoned);
        assert!(r.abandon(3).is_err());
        assert!(Round::new(vec![], None).start(0).is_err());
    }
}
