//! The keymap's defaults and overrides.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[test]
fn defaults_resolve() {
    let km = Keymap::default();
    let k = |c| KeyEvent::new(c, KeyModifiers::NONE);
    assert_eq!(km.command(&k(KeyCode::Char('j'))), Some(Cmd::Down));
    assert_eq!(km.command(&k(KeyCode::Down)), Some(Cmd::Down));
    assert_eq!(
        km.command(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
        Some(Cmd::Redo)
    );
    assert_eq!(
        km.command(&KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT)),
        Some(Cmd::Status)
    );
    assert_eq!(
        km.command(&k(KeyCode::Char(' '))),
        Some(Cmd::ToggleCriterion)
    );
    assert_eq!(km.command(&k(KeyCode::Char('n'))), Some(Cmd::NewInitiative));
    assert_eq!(
        km.refine_command(&k(KeyCode::Char('n'))),
        Some(Cmd::RefineNext)
    );
    assert_eq!(km.refine_command(&k(KeyCode::Right)), Some(Cmd::RefineNext));
    assert_eq!(
        km.refine_command(&k(KeyCode::Char('c'))),
        Some(Cmd::AddCriterion)
    );
}

#[test]
fn overrides_replace_one_command() {
    let (km, problems) = Keymap::default().with_overrides(&[
        ("quit".into(), vec!["Q".into()]),
        ("nope".into(), vec!["x".into()]),
        ("down".into(), vec!["ctrl-n".into(), "bad key".into()]),
    ]);
    assert_eq!(problems.len(), 2);
    let k = |c| KeyEvent::new(c, KeyModifiers::NONE);
    assert_eq!(km.command(&k(KeyCode::Char('q'))), None);
    assert_eq!(
        km.command(&KeyEvent::new(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
        Some(Cmd::Quit)
    );
    assert_eq!(
        km.command(&KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
        Some(Cmd::Down)
    );
    assert_eq!(km.command(&k(KeyCode::Char('k'))), Some(Cmd::Up));
}
