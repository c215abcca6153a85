//! The payment state machine of the manual: which transitions are known, which actions a state
//! allows, and when a payment is settled. What the server reports always wins: an unlisted
//! transition is reported as such, never refused.

use crate::models::PaymentStatus;
use crate::state::PaymentState;
use rust_decimal::Decimal;

/// An action a merchant can take on a payment. Serialized as `cancel`, `accept` or `refund`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentAction {
    /// CancelPayment.
    Cancel,
    /// AcceptPayment (an underpayment, or a payment received after cancellation).
    Accept,
    /// RefundPayment (an amount left open for refund).
    Refund,
}

impl PaymentAction {
    /// The action's name (`cancel`, `accept`, `refund`).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentAction::Cancel => "cancel",
            PaymentAction::Accept => "accept",
            PaymentAction::Refund => "refund",
        }
    }
}

/// How an observed change of state relates to the manual's transitions. Serialized as
/// `unchanged`, `listed`, `reachable` or `unlisted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransitionKind {
    /// The state did not change.
    Unchanged,
    /// One step the manual lists.
    Listed,
    /// Reachable through listed steps (a poll can miss intermediate states).
    Reachable,
    /// Not reachable through the manual's transitions (or involving an unknown state).
    Unlisted,
}

impl TransitionKind {
    /// The canonical name (`unchanged`, `listed`, `reachable`, `unlisted`).
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionKind::Unchanged => "unchanged",
            TransitionKind::Listed => "listed",
            TransitionKind::Reachable => "reachable",
            TransitionKind::Unlisted => "unlisted",
        }
    }
}

/// The transitions the manual lists (DESIGN.md "States").
const EDGES: [(PaymentState, PaymentState); 10] = [
    (PaymentState::Waiting, PaymentState::Cancelled),
    (PaymentState::Waiting, PaymentState::Processing),
    (PaymentState::Waiting, PaymentState::Underpayment),
    (PaymentState::Processing, PaymentState::ZeroConfirmed),
    (PaymentState::Processing, PaymentState::Confirmed),
    (PaymentState::Processing, PaymentState::Cancelled),
    (PaymentState::ZeroConfirmed, PaymentState::Confirmed),
    (PaymentState::Underpayment, PaymentState::Cancelled),
    (PaymentState::Underpayment, PaymentState::Processing),
    (PaymentState::Cancelled, PaymentState::Processing),
];

impl PaymentState {
    /// Whether the manual lists `self → next` as one step.
    pub fn lists_transition_to(&self, next: &PaymentState) -> bool {
        EDGES.iter().any(|(a, b)| a == self && b == next)
    }

    /// Classifies an observed change from `self` to `next`.
    pub fn transition_to(&self, next: &PaymentState) -> TransitionKind {
        if self == next {
            return TransitionKind::Unchanged;
        }
        if self.lists_transition_to(next) {
            return TransitionKind::Listed;
        }
        // Breadth-first search over the seven known states.
        let mut seen = vec![self.clone()];
        let mut frontier = vec![self.clone()];
        while let Some(state) = frontier.pop() {
            for (_, b) in EDGES.iter().filter(|(a, _)| *a == state) {
                if b == next {
                    return TransitionKind::Reachable;
                }
                if !seen.contains(b) {
                    seen.push(b.clone());
                    frontier.push(b.clone());
                }
            }
        }
        TransitionKind::Unlisted
    }

    /// Whether this state allows `action` at all (amounts may still forbid it: see
    /// [`PaymentStatus::allows`]). Unknown states allow nothing: the SDK will not guess.
    pub fn allows(&self, action: PaymentAction) -> bool {
        use PaymentState::*;
        match action {
            PaymentAction::Cancel => matches!(self, Waiting | Underpayment),
            PaymentAction::Accept => matches!(self, Underpayment | Cancelled),
            PaymentAction::Refund => matches!(self, Confirmed | Cancelled),
        }
    }

    /// Whether no further change is expected without the merchant acting: `confirmed`, or
    /// `cancelled` (a late payment can still reopen a cancelled one; see
    /// [`PaymentStatus::is_settled`] for the precise answer).
    pub fn is_terminal(&self) -> bool {
        matches!(self, PaymentState::Confirmed | PaymentState::Cancelled)
    }
}

/// Whether `action` is allowed for a payment in `state` with these open amounts: the one rule
/// behind [`PaymentStatus::allows`] and the client's check of the last known state.
pub(crate) fn action_allowed(
    state: &PaymentState,
    unconfirmed_amount: Option<Decimal>,
    refund_amount_opened: Option<Decimal>,
    action: PaymentAction,
) -> bool {
    state.allows(action)
        && match action {
            PaymentAction::Cancel => true,
            PaymentAction::Accept => *state == PaymentState::Underpayment || positive(unconfirmed_amount),
            PaymentAction::Refund => positive(refund_amount_opened),
        }
}

fn positive(v: Option<Decimal>) -> bool {
    v.is_some_and(|d| d > Decimal::ZERO)
}

impl PaymentStatus {
    /// Whether `action` is allowed now, by state and by the amounts the API reports: accepting
    /// needs an `unconfirmed_amount`, refunding a `refund_amount_opened`.
    pub fn allows(&self, action: PaymentAction) -> bool {
        action_allowed(&self.state, self.unconfirmed_amount, self.refund_amount_opened, action)
    }

    /// The actions allowed now.
    pub fn allowed_actions(&self) -> Vec<PaymentAction> {
        [PaymentAction::Cancel, PaymentAction::Accept, PaymentAction::Refund]
            .into_iter()
            .filter(|a| self.allows(*a))
            .collect()
    }

    /// Whether the payment is settled: confirmed, or cancelled with nothing paid into it.
    /// A cancelled payment that received funds may still be accepted, so it is not settled.
    pub fn is_settled(&self) -> bool {
        match self.state {
            PaymentState::Confirmed => true,
            PaymentState::Cancelled => !positive(self.payment) && !positive(self.unconfirmed_amount),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentState::*;

    #[test]
    fn listed_reachable_and_unlisted() {
        assert_eq!(Waiting.transition_to(&Processing), TransitionKind::Listed);
        assert_eq!(Waiting.transition_to(&Confirmed), TransitionKind::Reachable);
        assert_eq!(Waiting.transition_to(&ZeroConfirmed), TransitionKind::Reachable);
        assert_eq!(Cancelled.transition_to(&Confirmed), TransitionKind::Reachable);
        assert_eq!(Confirmed.transition_to(&Waiting), TransitionKind::Unlisted);
        assert_eq!(Processing.transition_to(&Blocked), TransitionKind::Unlisted);
        assert_eq!(Waiting.transition_to(&Unknown("x".into())), TransitionKind::Unlisted);
        assert_eq!(Confirmed.transition_to(&Confirmed), TransitionKind::Unchanged);
    }

    #[test]
    fn actions_by_state() {
        assert!(Waiting.allows(PaymentAction::Cancel));
        assert!(!Processing.allows(PaymentAction::Cancel));
        assert!(Underpayment.allows(PaymentAction::Accept));
        assert!(!Confirmed.allows(PaymentAction::Accept));
        assert!(!Unknown("x".into()).allows(PaymentAction::Cancel));
    }

    /// Property: over random walks of the listed edges, any earlier state to any later one is
    /// Listed, Reachable or Unchanged (a poll may miss states, never invent them), and each
    /// single step is Listed.
    #[test]
    fn random_walks_never_look_unlisted() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2_000 {
            let mut walk = vec![Waiting];
            for _ in 0..(next() % 8) {
                let here = walk.last().unwrap().clone();
                let options: Vec<_> = EDGES.iter().filter(|(a, _)| *a == here).map(|(_, b)| b.clone()).collect();
                if options.is_empty() {
                    break;
                }
                walk.push(options[(next() % options.len() as u64) as usize].clone());
            }
            for i in 0..walk.len() {
                for j in i..walk.len() {
                    let kind = walk[i].transition_to(&walk[j]);
                    assert_ne!(kind, TransitionKind::Unlisted, "{:?} -> {:?} in {walk:?}", walk[i], walk[j]);
                    if j == i + 1 && walk[i] != walk[j] {
                        assert_eq!(kind, TransitionKind::Listed);
                    }
                }
            }
        }
    }
}
