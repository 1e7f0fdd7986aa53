//! The header spellings of other trackers and of Jira in other languages,
//! each recognised without `--map`. Jira exports its columns in the
//! language of the user who exports; Azure DevOps, Linear and Polarion name
//! theirs their own way. Where each spelling was seen is listed in
//! tests/fixtures/README.md.

use super::columns::Field;
use crate::domain::scoring::Field as ScoreField;

/// Localized and other trackers' header spellings, as written (compared
/// after the same normalising as the English ones).
pub(super) const SPELLINGS: &[(Field, &[&str])] = &[
    (
        Field::Title,
        &[
            "Resumen",         // es
            "Zusammenfassung", // de
            "Résumé",          // fr
            "Resumo",          // pt
            "Podsumowanie",    // pl
            "Riepilogo",       // it
            "要約",            // ja
        ],
    ),
    (
        Field::Key,
        &[
            "Clave de incidencia",
            "Clave",
            "Vorgangsschlüssel",
            "Schlüssel",
            "Clé de ticket",
            "Clé",
            "Chave da item",
            "Chave do item",
            "Chave",
            "Klucz zgłoszenia",
            "Klucz",
            "Chiave ticket",
            "Chiave",
            "課題キー",
            "キー",
        ],
    ),
    (
        Field::Id,
        &[
            "ID de la incidencia",
            "Vorgangs-ID",
            "ID de ticket",
            "ID da item",
            "ID do item",
            "Id. zgłoszenia",
            "ID ticket",
            "課題ID",
            "課題 ID",
        ],
    ),
    (
        Field::Kind,
        &[
            "Tipo de Incidencia",
            "Vorgangstyp",
            "Type de ticket",
            "Tipo de item",
            "Tipo do item",
            "Typ zgłoszenia",
            "Tipo ticket",
            "Tipo di ticket",
            "課題タイプ",
            "Work Item Type", // Azure DevOps
        ],
    ),
    (
        Field::Status,
        &["Estado", "État", "Statut", "Stato", "ステータス"],
    ),
    (
        Field::StatusCategory,
        &[
            "Status Category",
            "Categoría de estado",
            "Statuskategorie",
            "Catégorie d'état",
            "Categoria de status",
            "Kategoria statusu",
            "Categoria di stato",
            "ステータスカテゴリ",
        ],
    ),
    (
        Field::Resolution,
        &[
            "Resolución",
            "Lösung",
            "Résolution",
            "Resolução",
            "Rozwiązanie",
            "Risoluzione",
            "解決状況",
        ],
    ),
    (
        Field::Priority,
        &[
            "Prioridad",
            "Priorität",
            "Priorité",
            "Prioridade",
            "Priorytet",
            "Priorità",
            "優先度",
        ],
    ),
    (
        Field::Points,
        &[
            "Puntos de historia",
            "Estimación de puntos de historia",
            "Story-Punkte",
            "Storypoint-Schätzung",
            "Points d'histoire",
            "Estimation des story points",
            "Pontos da história",
            "Estimativa de pontos da história",
            "Punkty historyjki",
            "Szacowanie punktów historyjki",
            "Story point",
            "Stima dei punti storia",
            "ストーリーポイント",
            "ストーリーポイントの見積もり",
            "Size", // Azure DevOps (CMMI)
        ],
    ),
    (
        Field::Parent,
        &[
            "Principal",
            "Clave principal",
            "ID principal",
            "Übergeordnet",
            "Übergeordnete ID",
            "Parent id",
            "Élément parent",
            "Parent",
            "Pai",
            "ID do pai",
            "Element nadrzędny",
            "Nadrzędne",
            "Padre",
            "Elemento principale",
            "親",
            "親 ID",
            "Parent issue", // Linear
        ],
    ),
    (
        Field::ParentName,
        &[
            "Parent summary",
            "Resumen principal",
            "Übergeordnete Zusammenfassung",
            "Résumé parent",
            "Resumo do pai",
            "Podsumowanie elementu nadrzędnego",
            "Riepilogo padre",
            "親の要約",
            "Higher Level Issue",
        ],
    ),
    (
        Field::EpicLink,
        &[
            "Enlace a épica",
            "Epic-Verknüpfung",
            "Lien d'epic",
            "Link do épico",
            "Link epiki",
            "Collegamento epic",
            "エピックリンク",
        ],
    ),
    (
        Field::EpicName,
        &[
            "Nombre de épica",
            "Epic-Name",
            "Nom de l'epic",
            "Nome do épico",
            "Nazwa epiki",
            "Nome epic",
            "エピック名",
        ],
    ),
    (
        Field::Project,
        &[
            "Project", // Linear: the natural epic
        ],
    ),
    (
        Field::Description,
        &[
            "Descripción",
            "Beschreibung",
            "Description",
            "Descrição",
            "Opis",
            "Descrizione",
            "説明",
        ],
    ),
    (
        Field::Labels,
        &[
            "Etiquetas",
            "Stichwörter",
            "Étiquettes",
            "Rótulos",
            "Etykiety",
            "Etichette",
            "ラベル",
        ],
    ),
    (
        Field::Owner,
        &[
            "Persona asignada",
            "Responsable",
            "Zugewiesene Person",
            "Bearbeiter",
            "Responsável",
            "Osoba przypisana",
            "Assegnatario",
            "担当者",
            "Assigned To", // Azure DevOps
        ],
    ),
    (
        Field::Criteria,
        &[
            "Criterios de aceptación",
            "Akzeptanzkriterien",
            "Critères d'acceptation",
            "Critérios de aceitação",
            "Kryteria akceptacji",
            "Criteri di accettazione",
            "受け入れ基準",
        ],
    ),
    (Field::Score(ScoreField::Value), &["Business Value"]),
];

/// The wrappers of Jira's custom-field columns, in lower case:
/// `Custom field (Story Points)` and its translations.
pub(super) const CUSTOM_FIELD_WRAPPERS: &[&str] = &[
    "custom field (",
    "campo personalizado (",
    "benutzerdefiniertes feld (",
    "champ personnalisé (",
    "champs personnalisés (",
    "pole niestandardowe (",
    "campo personalizzato (",
    "カスタムフィールド (",
    "カスタムフィールド（",
];
