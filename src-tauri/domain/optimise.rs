//! Fitting FSRS's parameters to the user's own reviews, with the `fsrs` crate's optimiser.
//!
//! FSRS's default parameters describe the average Anki user. Once a user has enough reviews of
//! questions that came back, the optimiser fits the 21 parameters to how they actually remember.
//! The fit is offered, never applied on its own: the user sees the parameters in use and the new
//! ones, with how well each predicts their own reviews (log loss: lower is better), and keeps
//! either.

use super::review::{Rating, DAY_MS};
use fsrs::{
    compute_parameters, CombinedProgressState, ComputeParametersInput, FSRSItem, FSRSReview, FSRS,
};
use serde::Serialize;
use std::sync::{Arc, Mutex};

/// Reviews that came back a day or more after the one before, below which no fit is offered:
/// with fewer the optimiser only adjusts the first four parameters, and hardly from the user.
pub const MIN_ITEMS: usize = 64;

/// One question's reviews (practice-only ones left out): when, and the rating.
pub type History = Vec<(i64, Rating)>;

/// The optimiser's training set: per question, one item per review after the first, holding the
/// reviews up to it with the whole days between them.
pub fn training_items(histories: impl IntoIterator<Item = History>) -> Vec<FSRSItem> {
    let mut items = Vec::new();
    for mut h in histories {
        h.sort_by_key(|(at, _)| *at);
        let reviews: Vec<FSRSReview> = h
            .iter()
            .enumerate()
            .map(|(i, (at, rating))| FSRSReview {
                rating: *rating as u32 + 1,
                delta_t: if i == 0 {
                    0
                } else {
                    ((at - h[i - 1].0).max(0) / DAY_MS) as u32
                },
            })
            .collect();
        // FSRS learns from an item only once a review in it came a day or more after the one
        // before (and refuses items with none): answers on the first day alone are left out.
        for end in 2..=reviews.len() {
            if reviews[..end].iter().any(|r| r.delta_t > 0) {
                items.push(FSRSItem {
                    reviews: reviews[..end].to_vec(),
                });
            }
        }
    }
    items
}

/// Items whose last review came a day or more after the one before: what the fit learns from.
pub fn long_term(items: &[FSRSItem]) -> usize {
    items
        .iter()
        .filter(|i| i.reviews.last().is_some_and(|r| r.delta_t > 0))
        .count()
}

/// The parameters in use and the ones fitted, with how well each predicts the user's reviews.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fit {
    pub current: Vec<f32>,
    pub fitted: Vec<f32>,
    /// Reviews the fit learnt from.
    pub reviews: usize,
    /// Log loss of each set over those reviews: lower predicts them better.
    pub current_loss: f32,
    pub fitted_loss: f32,
}

/// Fits FSRS's parameters to `items`, reporting to `progress` as it goes (and stopping when it
/// asks to abort). `current` are the parameters in use, for the comparison.
pub fn fit(
    items: Vec<FSRSItem>,
    current: &[f32],
    progress: Option<Arc<Mutex<CombinedProgressState>>>,
) -> Result<Fit, String> {
    let reviews = long_term(&items);
    if reviews < MIN_ITEMS {
        return Err(format!(
            "optimising needs at least {MIN_ITEMS} answers to questions that came back a day or \
             more after the answer before; there are {reviews} so far"
        ));
    }
    // Both sets are judged on answers to questions that came back a day or more later: what a
    // schedule predicts. (A same-day answer is a fresh memory, and FSRS predicts certain recall.)
    let came_back: Vec<FSRSItem> = items
        .iter()
        .filter(|i| i.reviews.last().is_some_and(|r| r.delta_t > 0))
        .cloned()
        .collect();
    let abort = progress.clone();
    let cancelled = move || {
        abort
            .as_ref()
            .is_some_and(|p| p.lock().is_ok_and(|p| p.want_abort))
    };
    let fitted = compute_parameters(ComputeParametersInput {
        train_set: items,
        progress,
        ..ComputeParametersInput::default()
    })
    .map_err(|e| match e {
        fsrs::FSRSError::Interrupted => "optimising was cancelled".to_string(),
        e => format!("the optimiser failed: {e}"),
    })?;
    // The optimiser looks at a cancel only while it trains; the rest looks here.
    let stop = || "optimising was cancelled".to_string();
    if cancelled() {
        return Err(stop());
    }
    let loss = |w: &[f32]| -> Result<f32, String> {
        let model = FSRS::new(w).map_err(|e| format!("unusable parameters: {e}"))?;
        match model.evaluate(came_back.clone(), |_| !cancelled()) {
            Ok(e) => Ok(e.log_loss),
            Err(fsrs::FSRSError::Interrupted) => Err(stop()),
            Err(e) => Err(format!("the parameters could not be evaluated: {e}")),
        }
    };
    Ok(Fit {
        current_loss: loss(current)?,
        fitted_loss: loss(&fitted)?,
        current: current.to_vec(),
        fitted,
        reviews,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY0: i64 = 20_000 * DAY_MS;

    #[test]
    fn each_review_after_the_first_is_an_item_with_the_days_between() {
        let items = training_items([vec![
            (DAY0 + 5 * DAY_MS + 3_600_000, Rating::Good),
            (DAY0, Rating::Again),
            (DAY0 + DAY_MS, Rating::Hard),
        ]]);
        let days = |i: &FSRSItem| {
            i.reviews
                .iter()
                .map(|r| (r.rating, r.delta_t))
                .collect::<Vec<_>>()
        };
        assert_eq!(items.len(), 2);
        assert_eq!(days(&items[0]), [(1, 0), (2, 1)]);
        assert_eq!(days(&items[1]), [(1, 0), (2, 1), (3, 4)]);
        assert!(training_items([vec![(DAY0, Rating::Easy)]]).is_empty());
        // Answers on the same day teach nothing until one comes a day later.
        let same_day = training_items([vec![
            (DAY0, Rating::Again),
            (DAY0 + 60_000, Rating::Good),
            (DAY0 + 2 * DAY_MS + 60_000, Rating::Good),
        ]]);
        assert_eq!(same_day.len(), 1);
        assert_eq!(days(&same_day[0]), [(1, 0), (3, 0), (3, 2)]);
    }

    /// A user who forgets faster than FSRS's average: Good answers fail when they come back late.
    fn forgetful(questions: usize) -> Vec<History> {
        let mut rng = fastrand::Rng::with_seed(7);
        (0..questions)
            .map(|_| {
                let mut at = DAY0;
                let mut gap = 1;
                let mut h = vec![(at, Rating::Good)];
                for _ in 0..6 {
                    at += gap * DAY_MS;
                    let recalled = rng.f32() < 0.95f32.powi(gap as i32);
                    h.push((
                        at,
                        if recalled {
                            Rating::Good
                        } else {
                            Rating::Again
                        },
                    ));
                    gap = if recalled { gap * 2 } else { 1 };
                }
                h
            })
            .collect()
    }

    #[test]
    fn too_few_reviews_are_refused_with_the_count() {
        let items = training_items(forgetful(5));
        let err = fit(items, &fsrs::DEFAULT_PARAMETERS, None).unwrap_err();
        assert!(
            err.contains("at least 64") && err.contains("there are 30"),
            "{err}"
        );
    }

    #[test]
    fn a_fit_predicts_the_users_reviews_better_and_reports_progress() {
        let items = training_items(forgetful(120));
        let progress = CombinedProgressState::new_shared();
        let fit = fit(items, &fsrs::DEFAULT_PARAMETERS, Some(progress.clone())).unwrap();
        assert_eq!(fit.fitted.len(), 21);
        assert_eq!(fit.reviews, 720);
        assert!(
            fit.fitted_loss < fit.current_loss,
            "{} then {}",
            fit.current_loss,
            fit.fitted_loss
        );
        let p = progress.lock().unwrap();
        assert!(p.finished() && p.total() > 0 && p.current() == p.total());
    }

    #[test]
    fn a_cancelled_fit_says_so() {
        let progress = CombinedProgressState::new_shared();
        progress.lock().unwrap().want_abort = true;
        let err = fit(
            training_items(forgetful(120)),
            &fsrs::DEFAULT_PARAMETERS,
            Some(progress),
        )
        .unwrap_err();
        assert!(err.contains("cancelled"), "{err}");
    }
}
