// The browser editor's Danish texts where Decap CMS's own Danish table (decap-cms-locales, da) lacks a text — Decap
// shows its English one then — or spells it wrong. ik-editor.js merges this table into Decap's "da" locale. `ik`
// holds the texts our own additions to the form show.
export const phrases = {
  ik: {
    warning: "Advarsel",
    original: "Originalen (et tomt felt beholder den)",
    noOptions: "Ingen valgmuligheder",
    step: "Trin %{n} af %{of}: %{name}",
    previewTitle: "Sådan bliver siden",
    previewWaiting: "Siden vises, når motoren har læst formularen …",
    previewNoEngine: "Forhåndsvisningen af hele siden kræver scripts/rediger; her er titlen og resuméet.",
    previewErrors: "Siden kan ikke vises, før fejlene i formularen er rettet.",
    seePage: "Se siden",
  },
  auth: { loginWithForgejo: "Log ind med Forgejo" },
  collection: {
    collectionTop: { viewAsList: "Vis som liste", viewAsGrid: "Vis som gitter" },
    entries: { unpublishedHeader: "Ikke publicerede dokumenter" },
  },
  editor: {
    editorControl: {
      // the form says "(påkrævet)" where the checker requires a field (outputs/editor_config.py), and nothing
      // where it does not
      field: { optional: "", widgetLabel: "feltet %{widgetLabel}" },
    },
    editorControlPane: {
      widget: {
        processing: "%{fieldLabel} - kontrolleres …",
        max: "%{fieldLabel} skal være %{maxValue} eller mindre.",
      },
    },
    editorInterface: {
      toggleI18n: "Vis/skjul sprog",
      togglePreview: "Vis/skjul forhåndsvisning",
      toggleScrollSync: "Rul samtidig",
      toggleNotes: "Vis/skjul noter",
    },
    editorNotesPane: {
      title: "Noter",
      emptyState: "Ingen noter endnu. Skriv den første nedenfor.",
      addNote: "Tilføj note",
      addPlaceholder: "Skriv en note …",
      editPlaceholder: "Ret noten …",
      save: "Gem",
      cancel: "Annullér",
      edit: "Ret",
      delete: "Slet",
      resolve: "Markér som løst",
      unresolve: "Markér som uløst",
      confirmDelete: "Vil du slette noten?",
      shortcut: "Tip: Ctrl+Enter tilføjer noten",
    },
    editor: {
      onPublishingWithUnsavedChanges: "Du har ændringer, der ikke er gemt; gem dem inden publicering.",
      onDeleteWithUnsavedChanges:
        "Er du sikker på, at du vil slette dette tidligere publicerede dokument og dine ændringer fra denne session, " +
        "som ikke er gemt?",
      onDeletePublishedEntry: "Er du sikker på, at du vil slette dette tidligere publicerede dokument?",
    },
    editorWidgets: {
      markdown: {
        strikethrough: "Gennemstreget",
        toggleMode: { rich: "Skift til formateret tekst", markdown: "Skift til Markdown" },
      },
      datetime: { setToNow: "Sæt %{fieldLabel} til nu" },
      object: { expand: "Fold ud", collapse: "Fold sammen" },
    },
  },
  mediaLibrary: { mediaLibraryModal: { close: "Luk" } },
  ui: {
    errorBoundary: { detailsHeading: "Detaljer" },
    settingsDropdown: { account: "Kontoindstillinger" },
    toast: {
      noteAdded: "Noten er tilføjet",
      onFailToAddNote: "Noten kunne ikke tilføjes: %{details}",
      noteUpdated: "Noten er opdateret",
      onFailToUpdateNote: "Noten kunne ikke opdateres: %{details}",
      noteDeleted: "Noten er slettet",
      onFailToDeleteNote: "Noten kunne ikke slettes: %{details}",
      noteResolved: "Noten er markeret som løst",
      noteReopened: "Noten er åbnet igen",
      onFailToToggleNote: "Notens status kunne ikke ændres: %{details}",
      onFailToPersist: "Dokumentet blev ikke gemt: %{details}",
    },
  },
};
