//! Events for the UI: bank progress, round signals, damage found, a close requested. The UI
//! collects them with one `next_events` call that waits until there are some, instead of through
//! Tauri's event system, which delivers each event (and takes each listener) by evaluating script
//! in the webview. That starts a JavaScript engine in the app's own process, about 2 MB for as long
//! as it runs, measured with /proc/PID/smaps.

use serde::Serialize;
use std::collections::VecDeque;
use std::sync::Mutex;
use tokio::sync::Notify;

/// How many events are kept for a UI that has not collected them yet. The UI collects each batch as
/// soon as it is sent, so only a page that stopped listening falls this far behind.
const KEPT: usize = 256;

/// One event, numbered in the order it was sent.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sent {
    pub seq: u64,
    pub event: &'static str,
    pub payload: serde_json::Value,
}

/// The events after the ones the UI had, and the number of the last of them, to ask after next.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    pub seq: u64,
    pub events: Vec<Sent>,
}

#[derive(Default)]
pub struct Outbox {
    sent: Mutex<(u64, VecDeque<Sent>)>,
    more: Notify,
}

impl Outbox {
    /// Sends `event`: the UI's waiting `next_events` answers with it.
    pub fn send(&self, event: &'static str, payload: impl Serialize) {
        let payload = serde_json::to_value(payload).unwrap_or_default();
        if let Ok(mut sent) = self.sent.lock() {
            let (last, kept) = &mut *sent;
            *last += 1;
            kept.push_back(Sent {
                seq: *last,
                event,
                payload,
            });
            if kept.len() > KEPT {
                kept.pop_front();
            }
        }
        self.more.notify_waiters();
    }

    /// The events sent after `after`, waiting until there is one. With no `after`, at once: none,
    /// and the number to ask after, so that from then on the UI misses nothing.
    pub async fn after(&self, after: Option<u64>) -> Batch {
        loop {
            // Registered before looking, so an event sent in between still wakes this.
            let more = self.more.notified();
            tokio::pin!(more);
            more.as_mut().enable();
            if let Ok(sent) = self.sent.lock() {
                let (last, kept) = &*sent;
                let Some(after) = after else {
                    return Batch {
                        seq: *last,
                        events: Vec::new(),
                    };
                };
                if *last > after {
                    let events: Vec<Sent> =
                        kept.iter().filter(|e| e.seq > after).cloned().collect();
                    return Batch { seq: *last, events };
                }
            }
            more.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    fn run<T>(f: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn a_ui_starting_now_gets_what_is_sent_after_and_nothing_before() {
        let outbox = Outbox::default();
        outbox.send("bank-loaded", ());
        run(async {
            let start = outbox.after(None).await;
            assert_eq!((start.seq, start.events.len()), (1, 0));
            outbox.send("bank-progress", serde_json::json!({"done": 1}));
            outbox.send("bank-loaded", ());
            let batch = outbox.after(Some(start.seq)).await;
            assert_eq!(batch.seq, 3);
            let names: Vec<_> = batch.events.iter().map(|e| e.event).collect();
            assert_eq!(names, ["bank-progress", "bank-loaded"]);
            assert_eq!(batch.events[0].payload["done"], 1);
        });
    }

    #[test]
    fn a_waiting_ui_is_answered_when_an_event_is_sent_from_another_thread() {
        let outbox = Arc::new(Outbox::default());
        let sender = outbox.clone();
        let batch = run(async move {
            let waiting = outbox.after(Some(0));
            let send = async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                std::thread::spawn(move || sender.send("close-requested", ()))
                    .join()
                    .unwrap();
            };
            tokio::join!(waiting, send).0
        });
        assert_eq!(batch.seq, 1);
        assert_eq!(batch.events[0].event, "close-requested");
    }

    #[test]
    fn only_the_latest_events_are_kept() {
        let outbox = Outbox::default();
        for _ in 0..KEPT + 10 {
            outbox.send("round-event", ());
        }
        let batch = run(outbox.after(Some(0)));
        assert_eq!(batch.events.len(), KEPT);
        assert_eq!(batch.events[0].seq, 11);
    }
}
