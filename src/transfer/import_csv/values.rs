//! The values trackers write in their type, status, status-category and
//! resolution columns, in English and in the languages Jira exports in,
//! onto this project's kinds and statuses. Compared in the normalised form
//! of `columns::normalise` (lower case, letters and digits only).

use super::columns::normalise;
use crate::domain::{Kind, Status};

/// Issue and work-item types onto our kinds; `false` when the type is
/// unknown (then a story).
pub(super) fn issue_type(t: &str) -> (Kind, bool) {
    match normalise(t).as_str() {
        "initiative" | "theme" | "objective" | "iniciativa" | "initiativ" | "inicjatywa"
        | "iniziativa" | "イニシアチブ" => (Kind::Initiative, true),
        "epic" | "feature" | "capability" | "workpackage" | "épica" | "épico" | "epik" | "epos"
        | "エピック" => (Kind::Epic, true),
        // English, Azure DevOps and the localized Jira types.
        "story" | "userstory" | "bug" | "task" | "subtask" | "technicaltask" | "improvement"
        | "newfeature" | "spike" | "defect" | "chore" | "enhancement" | "techdebt"
        | "technicaldebt" | "test" | "productbacklogitem" | "requirement" | "issue"
        | "changerequest" | "historia" | "história" | "historyjka" | "storia" | "ストーリー"
        | "subtarea" | "subtarefa" | "soustâche" | "unteraufgabe" | "podzadanie" | "sottotask"
        | "サブタスク" | "tarea" | "tarefa" | "tâche" | "aufgabe" | "zadanie" | "attività"
        | "タスク" | "error" | "erro" | "fehler" | "bogue" | "błąd" | "バグ" | "mejora"
        | "verbesserung" | "amélioration" | "melhoria" | "ulepszenie" | "miglioramento"
        | "改善" => (Kind::Story, true),
        _ => match t.parse::<Kind>() {
            Ok(k) => (k, true),
            Err(_) => (Kind::Story, false),
        },
    }
}

/// Workflow statuses (and status categories) onto ours; `false` when
/// unknown (then `draft`, unless the category or resolution says more).
pub(crate) fn status(s: &str) -> (Status, bool) {
    match normalise(s).as_str() {
        "todo" | "open" | "backlog" | "new" | "reopened" | "draft" | "funnel" | "idea"
        | "proposed" | "triage" | "unstarted" | "porhacer" | "abierta" | "abierto"
        | "pendiente" | "zuerledigen" | "offen" | "neu" | "àfaire" | "afaire" | "ouvert"
        | "ouverte" | "nouveau" | "afazer" | "itenspendentes" | "pendente" | "aberto"
        | "dozrobienia" | "otwarte" | "nowe" | "dafare" | "dacompletare" | "aperto" | "nuovo"
        | "未着手" | "やること" | "オープン" | "新規" => (Status::Draft, true),
        "ready" | "readyfordevelopment" | "readyfordev" | "selectedfordevelopment" | "approved" => {
            (Status::Ready, true)
        }
        "inprogress" | "doing" | "indevelopment" | "inreview" | "review" | "codereview"
        | "intesting" | "testing" | "inqa" | "qa" | "blocked" | "active" | "committed"
        | "started" | "encurso" | "enprogreso" | "enprogresso" | "inarbeit" | "inbearbeitung"
        | "encours" | "emandamento" | "emprogresso" | "wtoku" | "wtrakcie" | "incorso"
        | "進行中" | "対応中" => (Status::InProgress, true),
        "done" | "closed" | "resolved" | "complete" | "completed" | "fixed" | "released"
        | "shipped" | "verified" | "implemented" | "listo" | "hecho" | "finalizada"
        | "finalizado" | "cerrada" | "cerrado" | "resuelta" | "resuelto" | "fertig"
        | "erledigt" | "geschlossen" | "gelöst" | "terminé" | "terminée" | "fait" | "fermé"
        | "fermée" | "résolu" | "résolue" | "concluído" | "concluido" | "feito" | "fechado"
        | "resolvido" | "gotowe" | "zamknięte" | "rozwiązane" | "completato" | "fatto"
        | "chiuso" | "risolto" | "完了" | "解決済み" | "クローズ" => (Status::Done, true),
        "wontdo" | "wontfix" | "cancelled" | "canceled" | "rejected" | "dropped" | "declined"
        | "obsolete" | "duplicate" | "removed" | "cancelado" | "cancelada" | "abgebrochen"
        | "verworfen" | "annulé" | "annulée" | "anulowane" | "odrzucone" | "annullato"
        | "キャンセル" | "却下" => (Status::Dropped, true),
        _ => (Status::Draft, false),
    }
}

/// What a resolution says of the work: done, not done, or nothing known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Resolution {
    Done,
    NotDone,
    Unknown,
}

pub(super) fn resolution(r: &str) -> Resolution {
    match normalise(r).as_str() {
        "wontfix"
        | "wontdo"
        | "duplicate"
        | "cannotreproduce"
        | "incomplete"
        | "declined"
        | "rejected"
        | "obsolete"
        | "cancelled"
        | "canceled"
        | "notabug"
        | "worksasdesigned"
        | "duplicado"
        | "duplicada"
        | "nosecorregirá"
        | "nosehará"
        | "duplikat"
        | "wirdnichtbehoben"
        | "wirdnichterledigt"
        | "doublon"
        | "neserapascorrigé"
        | "neserapasfait"
        | "nãoseráfeito"
        | "nãoserácorrigido"
        | "niezostanienaprawione"
        | "niezostaniewykonane"
        | "duplicato"
        | "nonverràcorretto"
        | "重複"
        | "対応しない" => Resolution::NotDone,
        "fixed" | "done" | "resolved" | "complete" | "completed" | "corregida" | "corregido"
        | "hecho" | "listo" | "resuelta" | "behoben" | "erledigt" | "fertig" | "corrigé"
        | "fait" | "résolu" | "terminé" | "corrigido" | "resolvido" | "feito" | "concluído"
        | "naprawione" | "gotowe" | "wykonane" | "risolto" | "corretto" | "fatto"
        | "completato" | "修正済み" | "完了" | "解決済み" => Resolution::Done,
        _ => Resolution::Unknown,
    }
}
