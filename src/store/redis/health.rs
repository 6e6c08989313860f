//! Whether to ask Redis, and what to tell about it: one warning when an outage starts, one
//! notice when it ends, and in between a back-off so that calls answer from the local store at
//! once instead of each waiting for the timeout.

use std::time::{Duration, Instant};

/// The first back-off after a failure; it doubles while Redis keeps failing, up to the most.
pub const FIRST_BACKOFF: Duration = Duration::from_millis(200);
pub const MOST_BACKOFF: Duration = Duration::from_secs(2);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthStats {
    /// Requests to Redis that failed (connection, timeout, an answer that made no sense).
    pub errors: u64,
    /// Calls answered by the local store instead of Redis.
    pub fallback_answers: u64,
    /// The last failure, password-free; kept after Redis is back.
    pub last_error: Option<String>,
    /// Redis answered the last request put to it.
    pub available: bool,
}

/// What to write to the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Redis failed after answering (or before ever answering): the outage starts.
    Down(String),
    /// Redis answers again; so many calls were answered locally meanwhile.
    Back { local_answers: u64 },
}

#[derive(Debug)]
pub struct Health {
    stats: HealthStats,
    /// While down: when to ask Redis again, and the back-off after that.
    retry_at: Option<Instant>,
    backoff: Duration,
    answers_at_outage: u64,
}

impl Default for Health {
    fn default() -> Self {
        Self {
            stats: HealthStats {
                available: true,
                ..HealthStats::default()
            },
            retry_at: None,
            backoff: FIRST_BACKOFF,
            answers_at_outage: 0,
        }
    }
}

impl Health {
    /// Whether to ask Redis now, or answer locally without trying.
    pub fn should_ask(&self, now: Instant) -> bool {
        self.retry_at.is_none_or(|at| now >= at)
    }

    pub fn succeeded(&mut self) -> Option<Notice> {
        self.stats.available = true;
        self.backoff = FIRST_BACKOFF;
        self.retry_at.take().map(|_| Notice::Back {
            local_answers: self.stats.fallback_answers - self.answers_at_outage,
        })
    }

    /// Records a failure (password-free text) at `now`; the call is then answered locally.
    pub fn failed(&mut self, now: Instant, error: String) -> Option<Notice> {
        self.stats.errors += 1;
        self.stats.available = false;
        let starts = self.retry_at.is_none();
        if starts {
            self.backoff = FIRST_BACKOFF;
            self.answers_at_outage = self.stats.fallback_answers;
        } else {
            self.backoff = (self.backoff * 2).min(MOST_BACKOFF);
        }
        self.retry_at = Some(now + self.backoff);
        self.stats.last_error = Some(error.clone());
        starts.then_some(Notice::Down(error))
    }

    pub fn answered_locally(&mut self) {
        self.stats.fallback_answers += 1;
    }

    pub fn stats(&self) -> HealthStats {
        self.stats.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_outage_and_one_notice_when_it_ends() {
        let mut health = Health::default();
        let t = Instant::now();
        assert!(health.should_ask(t));
        assert_eq!(health.succeeded(), None);
        assert_eq!(
            health.failed(t, "refused".into()),
            Some(Notice::Down("refused".into()))
        );
        health.answered_locally();
        for i in 1..5 {
            let later = t + MOST_BACKOFF * i;
            assert!(health.should_ask(later));
            assert_eq!(health.failed(later, "refused again".into()), None);
            health.answered_locally();
        }
        assert_eq!(health.succeeded(), Some(Notice::Back { local_answers: 5 }));
        assert_eq!(health.succeeded(), None);
        let stats = health.stats();
        assert_eq!(
            (stats.errors, stats.fallback_answers, stats.available),
            (5, 5, true)
        );
        assert_eq!(stats.last_error.as_deref(), Some("refused again"));
        assert_eq!(
            health.failed(t + MOST_BACKOFF * 9, "down".into()),
            Some(Notice::Down("down".into()))
        );
    }

    #[test]
    fn the_back_off_doubles_up_to_the_most_and_starts_over_after_an_outage() {
        let mut health = Health::default();
        let mut t = Instant::now();
        let mut waits = Vec::new();
        for _ in 0..6 {
            health.failed(t, "x".into());
            let mut wait = Duration::ZERO;
            while !health.should_ask(t + wait) {
                wait += Duration::from_millis(50);
            }
            waits.push(wait.as_millis());
            t += wait;
        }
        assert_eq!(waits, [200, 400, 800, 1600, 2000, 2000]);
        health.succeeded();
        health.failed(t, "x".into());
        assert!(!health.should_ask(t + FIRST_BACKOFF - Duration::from_millis(1)));
        assert!(health.should_ask(t + FIRST_BACKOFF));
    }
}
