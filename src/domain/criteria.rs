//! Editing a story's acceptance criteria: numbers count from 1.

use super::error::DomainError;
use super::item::Item;
use super::text::clean_title;

impl Item {
    /// Marks criterion `n` met or not.
    pub fn set_criterion_done(&mut self, n: usize, done: bool) -> Result<(), DomainError> {
        let i = self.criterion_index(n)?;
        self.criteria[i].done = done;
        Ok(())
    }

    /// Flips criterion `n`; returns its new state.
    pub fn toggle_criterion(&mut self, n: usize) -> Result<bool, DomainError> {
        let i = self.criterion_index(n)?;
        self.criteria[i].done = !self.criteria[i].done;
        Ok(self.criteria[i].done)
    }

    pub fn remove_criterion(&mut self, n: usize) -> Result<String, DomainError> {
        let i = self.criterion_index(n)?;
        Ok(self.criteria.remove(i).text)
    }

    pub fn edit_criterion(&mut self, n: usize, text: &str) -> Result<(), DomainError> {
        let i = self.criterion_index(n)?;
        self.criteria[i].text = clean_title("criterion", text)?;
        Ok(())
    }

    /// Moves criterion `n` to position `to` (both from 1).
    pub fn move_criterion(&mut self, n: usize, to: usize) -> Result<(), DomainError> {
        let i = self.criterion_index(n)?;
        let j = self.criterion_index(to)?;
        let c = self.criteria.remove(i);
        self.criteria.insert(j, c);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{Item, Key, Kind};
    use chrono::{DateTime, Utc};

    #[test]
    fn edits_criteria_by_number() {
        let mut s = Item::new(
            Key::new(Kind::Story, 1),
            "x",
            Some(Key::new(Kind::Epic, 1)),
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap();
        for t in ["a", "b", "c"] {
            s.add_criterion(t).unwrap();
        }
        s.move_criterion(3, 1).unwrap();
        assert_eq!(
            s.criteria
                .iter()
                .map(|c| c.text.as_str())
                .collect::<String>(),
            "cab"
        );
        assert!(s.toggle_criterion(2).unwrap());
        assert_eq!(s.criteria_done(), 1);
        assert_eq!(s.remove_criterion(1).unwrap(), "c");
        s.edit_criterion(2, "B").unwrap();
        assert!(s.edit_criterion(3, "x").is_err());
        assert!(s.edit_criterion(1, "  ").is_err());
    }
}
