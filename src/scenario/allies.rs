//! The `alliances` and `favours` sections: validated with JSON paths, then
//! added to the world being built.

use super::build::Validator;
use super::schema::Scenario;
use crate::model::{BuildError, FavourSpec, GovernmentId, WorldBuilder};
use std::collections::BTreeSet;

impl Validator {
    /// Checks `alliances[]` (known and distinct governments, a finite
    /// weight, one weight per ordered pair) and `favours[]` (unique ids,
    /// known and distinct governments, value and cost finite and at least 0).
    pub(super) fn allies(&mut self, s: &Scenario) {
        let mut pairs = BTreeSet::new();
        for (i, a) in s.alliances.iter().enumerate() {
            let p = format!("$.alliances[{i}]");
            let by = self.gov_ref(format!("{p}.by"), &a.by);
            let of = self.gov_ref(format!("{p}.of"), &a.of);
            self.finite(format!("{p}.weight"), a.weight);
            if a.by == a.of {
                self.errors.push(
                    format!("{p}.of"),
                    format!("`{}` cannot be its own ally", a.by),
                );
            } else if by.is_some() && of.is_some() && !pairs.insert((&a.by, &a.of)) {
                self.errors.push(
                    p,
                    format!("`{}`'s weight on `{}` is given twice", a.by, a.of),
                );
            }
        }
        let mut ids = BTreeSet::new();
        for (i, f) in s.favours.iter().enumerate() {
            let p = format!("$.favours[{i}]");
            if f.id.trim().is_empty() {
                self.errors
                    .push(format!("{p}.id"), "expected a non-empty id");
            } else if !ids.insert(&f.id) {
                self.errors
                    .push(format!("{p}.id"), format!("duplicate favour id `{}`", f.id));
            }
            self.gov_ref(format!("{p}.from"), &f.from);
            self.gov_ref(format!("{p}.to"), &f.to);
            if f.from == f.to {
                self.errors.push(
                    format!("{p}.to"),
                    format!("`{}` cannot give a favour to itself", f.from),
                );
            }
            for (field, x) in [("value", f.value), ("cost", f.cost)] {
                if self.finite(format!("{p}.{field}"), x) && x < 0.0 {
                    self.errors.push(
                        format!("{p}.{field}"),
                        format!("expected a number at least 0, found {x}"),
                    );
                }
            }
        }
    }
}

/// Adds the validated alliances and favours to `b`.
pub(super) fn construct(
    s: &Scenario,
    b: &mut WorldBuilder,
    g: &impl Fn(&str) -> GovernmentId,
) -> Result<(), BuildError> {
    for a in &s.alliances {
        b.alliance(g(&a.by), g(&a.of), a.weight)?;
    }
    for f in &s.favours {
        b.favour(FavourSpec {
            key: f.id.clone(),
            from: g(&f.from),
            to: g(&f.to),
            value: f.value,
            cost: f.cost,
        })?;
    }
    Ok(())
}
