//! Commands for the learning loop: reviewing an answer, a question's reviews and schedule, and a
//! new attempt beside the last one.

use crate::domain::optimise::Fit;
use crate::domain::progress::Dashboard;
use crate::error::{Error, Result};
use crate::services::outbox::Outbox;
use crate::services::reviews::{
    self, Comparison, InterviewPlan, QuestionReviews, ReviewInput, Reviewed, Suggestion,
};
use crate::services::settings_file;
use crate::storage::LevelCounts;
use crate::AppState;
use tauri::{AppHandle, Manager, Runtime, State};

/// The rating Onsite suggests for what is ticked so far; nothing is logged.
#[tauri::command(async)]
pub fn suggest_rating(state: State<'_, AppState>, review: ReviewInput) -> Result<Suggestion> {
    reviews::suggest(&state.db, &review)
}

/// Logs a review and reschedules its question; answers only once both are on disk.
#[tauri::command(async)]
pub fn review_answer<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    review: ReviewInput,
) -> Result<Reviewed> {
    let settings = settings_file::load(&app, &state.settings_path)?;
    reviews::record(&state.db, &review, state.clock.now().wall, &settings)
}

#[tauri::command(async)]
pub fn question_reviews(
    state: State<'_, AppState>,
    question_id: String,
) -> Result<QuestionReviews> {
    reviews::of_question(&state.db, &question_id, state.clock.now().wall)
}

/// Per level, how many questions have been reviewed and how many are due by the end of the
/// user's day (`utcOffsetMinutes` east of UTC).
#[tauri::command(async)]
pub fn schedule_counts(
    state: State<'_, AppState>,
    utc_offset_minutes: i32,
) -> Result<Vec<LevelCounts>> {
    reviews::counts(&state.db, state.clock.now().wall, utc_offset_minutes)
}

/// The progress dashboard, aggregated here: a few kilobytes whatever the size of the log.
#[tauri::command(async)]
pub fn progress(state: State<'_, AppState>, utc_offset_minutes: i32) -> Result<Dashboard> {
    reviews::dashboard(&state.db, state.clock.now().wall, utc_offset_minutes)
}

/// The plan to the interview date set in Settings (null when none is set): FSRS's simulator run per
/// category, so it answers off the UI thread.
#[tauri::command(async)]
pub fn interview_plan<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    utc_offset_minutes: i32,
) -> Result<Option<InterviewPlan>> {
    let settings = settings_file::load(&app, &state.settings_path)?;
    reviews::interview_plan(
        &state.db,
        &settings,
        state.clock.now().wall,
        utc_offset_minutes,
    )
}

/// Fits FSRS's parameters to the user's reviews on a thread of its own, with progress on the
/// `optimise-progress` event. Nothing is saved: keeping the fit is a change of settings.
#[tauri::command]
pub async fn optimise_parameters<R: Runtime>(app: AppHandle<R>) -> Result<Fit> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let settings = settings_file::load(&app, &state.settings_path)?;
        reviews::optimise(&state.db, &settings, &state.optimiser, |p| {
            app.state::<Outbox>().send("optimise-progress", p);
        })
    })
    .await
    .map_err(|e| Error::Internal(format!("the optimiser stopped: {e}")))?
}

/// Stops the fit under way, if any; it then answers that it was cancelled.
#[tauri::command]
pub fn cancel_optimise(state: State<'_, AppState>) -> bool {
    state.optimiser.cancel()
}

/// A round's answer beside the last one to the same question, with a word diff; null when the
/// question was never answered in an earlier round.
#[tauri::command(async)]
pub fn compare_answer(
    state: State<'_, AppState>,
    round_id: i64,
    index: usize,
) -> Result<Option<Comparison>> {
    reviews::compare(&state.db, round_id, index)
}
