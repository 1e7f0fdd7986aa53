//! RICE and WSJF inputs.

use super::{Done, write};
use crate::domain::scoring::Field;
use crate::domain::{Item, Key, Model, RiceInputs, WsjfInputs};
use crate::store::{Result, Store};

/// One scoring input and its value, already checked against its range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreInput {
    pub field: Field,
    pub value: f64,
}

/// Sets the given inputs of `key`, after clearing every input of the
/// model in `clear` (if any). Initiatives carry no scores.
pub fn set_scores(
    store: &mut Store,
    key: Key,
    clear: Option<Model>,
    inputs: &[ScoreInput],
) -> Result<Done<Item>> {
    write(store, format!("score {key}"), |tx| {
        tx.modify(key, |item| {
            item.require_scorable()?;
            match clear {
                Some(Model::Rice) => item.rice = RiceInputs::default(),
                Some(Model::Wsjf) => item.wsjf = WsjfInputs::default(),
                None => {}
            }
            for i in inputs {
                if Field::RICE.contains(&i.field) {
                    item.rice.set(i.field, Some(i.value));
                } else {
                    item.wsjf.set(i.field, Some(i.value));
                }
            }
            Ok(())
        })
    })
}
