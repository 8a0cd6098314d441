// The "Templates" tab of the app page: a step email's (or partial's) subject and MJML in
// one language and channel, edited beside a live preview of what the editor holds, then
// saved, reset to the shipped text, or sent as a test.
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { useEffect, useId, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { AccessDenied } from "../api.js";
import { enumLabel } from "../enums.js";
import { formatDateTime } from "../format.js";
import TEMPLATES from "../graphql/Templates.graphql";
import { useApiQuery, useLatest } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";
import { nameAndPlace, TemplateActions } from "./TemplateActions.jsx";
import { CartChoice, PreviewPane, usePreview } from "./TemplatePreview.jsx";
import { EmptyPanel, FIELD_STYLE } from "./tables.jsx";

const STEPS = ["first_reminder", "follow_up", "last_chance"];
// How long the channel field waits for the typing to stop before it loads that channel.
const TYPING_PAUSE_MS = 400;
// The editor and the preview side by side, each as wide as the other whatever it holds.
const TWO_COLUMNS = "minmax(0, 1fr) minmax(0, 1fr)";
const MONOSPACE = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  fontSize: "13px", lineHeight: 1.5 };

function nameLabel(intl, name) {
  return name.startsWith("partials/")
    ? intl.formatMessage({ id: "templates.partialName", defaultMessage: "Partial: {name}" },
      { name: name.slice("partials/".length) })
    : enumLabel(intl, name.toUpperCase());
}

/** Returns "pt_br" for "pt-BR ", as the API stores a language. */
function languageCode(text) {
  return text.trim().toLowerCase().replace(/-/g, "_");
}

/** Loads the languages, the texts of one language and channel, and the store's own
 * versions in that language (every channel's); again when they change and after a save or
 * reset (`reload`). Returns useApiQuery's result, plus `current`: whether `data` is the
 * answer for this language and channel (while another loads, it is the previous one's). */
function useLibrary(page, state, language, channel) {
  const library = useApiQuery(page, state, TEMPLATES, { variables: { language, channel },
    operationName: "DashboardTemplates" });
  // The data are new exactly when an answer arrived, and an answer to a selection that
  // has since changed is dropped: new data belong to the selection of that render.
  const selection = JSON.stringify([language, channel]);
  const [answered, setAnswered] = useState({ data: undefined, selection: null });
  if (library.data !== answered.data) setAnswered({ data: library.data, selection });
  return { ...library,
    current: Boolean(library.data) && library.data === answered.data &&
      answered.selection === selection };
}

/** A caption and the control it names (`id`): the label is the control's accessible name. */
function Control({ label, id, children }) {
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Text as="label" htmlFor={id} size={2} color="default2">{label}</Text>
      {children}
    </Box>
  );
}

function FieldProblem({ field, problem }) {
  if (problem?.field !== field) return null;
  return (
    <Text size={2} color="critical1" data-testid={`problem-${field}`} data-code={problem.code}
      data-line={problem.line ?? ""}>
      {problem.message}
    </Text>
  );
}

function LanguageChoice({ languages, language, setLanguage, problem }) {
  const [adding, setAdding] = useState("");
  const id = useId();
  const intl = useIntl();
  const add = () => {
    const code = languageCode(adding);
    if (code) setLanguage(code);
    setAdding("");
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Box display="flex" gap={2} alignItems="flex-end">
        <Control label={intl.formatMessage({ id: "templates.language", defaultMessage: "Language" })}
          id={`${id}-language`}>
          <Box as="select" id={`${id}-language`} data-testid="language" value={language}
            borderColor="default1" style={{ ...FIELD_STYLE, minWidth: "100px" }}
            onChange={(event) => setLanguage(event.target.value)}>
            {languages.map((code) => <option key={code} value={code}>{code}</option>)}
          </Box>
        </Control>
        <Control label={intl.formatMessage({ id: "templates.addLanguage", defaultMessage: "Add a language" })}
          id={`${id}-new`}>
          <Box as="input" id={`${id}-new`} data-testid="new-language" value={adding}
            placeholder="de, pt_br" borderColor="default1"
            style={{ ...FIELD_STYLE, minWidth: "120px", width: "120px" }}
            onChange={(event) => setAdding(event.target.value)}
            onKeyDown={(event) => event.key === "Enter" && add()} />
        </Control>
        <Button variant="secondary" data-testid="add-language" disabled={!adding.trim()}
          onClick={add}>
          <FormattedMessage id="templates.add" defaultMessage="Add" />
        </Button>
      </Box>
      <FieldProblem field="language" problem={problem} />
    </Box>
  );
}

/** The channel's slug, chosen TYPING_PAUSE_MS after the typing stops (`setChannel` may ask
 * first; the parent gives a new `key` to show the chosen one again). */
function ChannelChoice({ channel, setChannel }) {
  const [typed, setTyped] = useState(channel);
  const choose = useLatest(setChannel);
  const id = useId();
  const intl = useIntl();
  useEffect(() => {
    const timer = window.setTimeout(() => choose.current(typed.trim()), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [typed, choose]);
  return (
    <Control label={intl.formatMessage({ id: "templates.channelSlug", defaultMessage: "Channel (slug)" })}
      id={id}>
      <Box as="input" id={id} data-testid="channel" value={typed}
        placeholder={intl.formatMessage({ id: "templates.everyChannel", defaultMessage: "Every channel" })}
        borderColor="default1" style={FIELD_STYLE}
        onChange={(event) => setTyped(event.target.value)} />
    </Control>
  );
}

function TemplateChoice({ sources, name, setName }) {
  const partials = sources.filter((source) => source.name.startsWith("partials/"));
  const id = useId();
  const intl = useIntl();
  return (
    <Control label={intl.formatMessage({ id: "templates.template", defaultMessage: "Template" })}
      id={id}>
      <Box as="select" id={id} data-testid="template" value={name} borderColor="default1"
        style={FIELD_STYLE} onChange={(event) => setName(event.target.value)}>
        <optgroup label={intl.formatMessage({ id: "templates.stepEmails", defaultMessage: "Step emails" })}>
          {STEPS.map((step) => (
            <option key={step} value={step}>{nameLabel(intl, step)}</option>))}
        </optgroup>
        {partials.length > 0 && (
          <optgroup label={intl.formatMessage({ id: "templates.partials", defaultMessage: "Partials (shared pieces of the step emails)" })}>
            {partials.map(({ name: partial }) => (
              <option key={partial} value={partial}>{nameLabel(intl, partial)}</option>))}
          </optgroup>
        )}
      </Box>
    </Control>
  );
}

function Origin({ source, own, channel, locale }) {
  const intl = useIntl();
  let text;
  if (own) {
    const values = { channel, saved: formatDateTime(own.updatedAt, locale),
      version: own.version };
    text = channel
      ? intl.formatMessage({ id: "templates.ownVersionInChannel", defaultMessage: "The store's own version for {channel}, saved {saved} (version {version})." }, values)
      : intl.formatMessage({ id: "templates.ownVersionEveryChannel", defaultMessage: "The store's own version for every channel, saved {saved} (version {version})." }, values);
  } else if (source.shipped) {
    text = intl.formatMessage({ id: "templates.shippedText", defaultMessage: "The app's shipped text: saving makes it the store's own." });
  } else {
    text = intl.formatMessage({ id: "templates.everyChannelVersion", defaultMessage: "The store's version for every channel (or for the language emails fall back to): saving here makes one of its own." });
  }
  return <Text size={2} color="default2" data-testid="template-origin">{text}</Text>;
}

function Editor({ isPartial, draft, setDraft, problem }) {
  const id = useId();
  const intl = useIntl();
  return (
    <Box display="flex" flexDirection="column" gap={3}>
      {!isPartial && (
        <Control label={intl.formatMessage({ id: "templates.subject", defaultMessage: "Subject" })}
          id={`${id}-subject`}>
          <Box as="input" id={`${id}-subject`} data-testid="subject" value={draft.subject}
            borderColor="default1" style={{ ...FIELD_STYLE, ...MONOSPACE }}
            onChange={(event) => setDraft({ ...draft, subject: event.target.value })} />
          <FieldProblem field="subject" problem={problem} />
        </Control>
      )}
      <Control label="MJML" id={`${id}-body`}>
        {/* Above the text, which is longer than the frame: the message stays in sight. */}
        <FieldProblem field="body" problem={problem} />
        <Box as="textarea" id={`${id}-body`} data-testid="body" value={draft.body}
          borderColor="default1" spellCheck={false} rows={24}
          style={{ ...FIELD_STYLE, ...MONOSPACE, resize: "vertical", whiteSpace: "pre" }}
          onChange={(event) => setDraft({ ...draft, body: event.target.value })} />
      </Control>
    </Box>
  );
}

/** Asks whether to drop the draft before another template, language or channel opens. */
function DiscardQuestion({ name, language, channel, onDiscard, onKeep }) {
  const intl = useIntl();
  return (
    <Box display="flex" alignItems="center" gap={2} flexWrap="wrap" padding={3}
      borderRadius={3} borderStyle="solid" borderWidth={1} borderColor="default1"
      data-testid="discard-question">
      <Text size={2}>
        <FormattedMessage id="templates.discardQuestion" defaultMessage="Discard your unsaved changes to {template}?"
          values={{ template: nameAndPlace(intl, name, language, channel) }} />
      </Text>
      <Button variant="error" size="small" data-testid="discard-confirm" onClick={onDiscard}>
        <FormattedMessage id="templates.discardThem" defaultMessage="Discard them" />
      </Button>
      <Button variant="tertiary" size="small" data-testid="discard-cancel" onClick={onKeep}>
        <FormattedMessage id="templates.keepEditing" defaultMessage="Keep editing" />
      </Button>
    </Box>
  );
}

function PreviewStepChoice({ previewStep, setPreviewStep }) {
  const id = useId();
  const intl = useIntl();
  return (
    <Control label={intl.formatMessage({ id: "templates.previewIn", defaultMessage: "Preview in" })}
      id={id}>
      <Box as="select" id={id} data-testid="preview-step" value={previewStep}
        borderColor="default1" style={FIELD_STYLE}
        onChange={(event) => setPreviewStep(event.target.value)}>
        {STEPS.map((value) => (
          <option key={value} value={value}>{nameLabel(intl, value)}</option>))}
      </Box>
    </Control>
  );
}

export function Templates({ page, state }) {
  const intl = useIntl();
  const locale = state.locale || "en";
  const [language, setLanguage] = useState("en");
  const [addedLanguages, setAddedLanguages] = useState([]);
  const [channel, setChannel] = useState("");
  const [name, setName] = useState(STEPS[0]);
  // A change of template, language or channel waiting for "discard the draft?".
  const [pending, setPending] = useState(null);
  // Counts the answers "keep editing", so the channel field shows the chosen channel again.
  const [keeps, setKeeps] = useState(0);
  const [previewStep, setPreviewStep] = useState(STEPS[0]);
  const [cart, setCart] = useState({ kind: "sample", currency: "USD", checkoutId: "" });
  // The editor's text, for the `source` it was started from: another source starts afresh.
  const [edits, setEdits] = useState(null);
  const [saveProblem, setSaveProblem] = useState(null);
  // Counts the saves and resets: an unedited preview shows the stored text, which changed.
  const [storedChanges, setStoredChanges] = useState(0);
  const library = useLibrary(page, state, language, channel);
  const sources = library.data?.retentionEmailTemplateSources ?? [];
  // Nothing to edit while another language or channel loads: a save would store the text
  // of the previous one under the new one.
  const source = library.current
    ? sources.find((candidate) => candidate.name === name) : undefined;
  const ownRows = library.data?.retentionEmailTemplates ?? [];
  const ownIn = (slug) => ownRows.find((row) => row.name === name && row.channel === slug);
  const own = ownIn(channel);
  // What deleting the store's version for the channel brings back.
  const resetTo = channel && ownIn("") ? "every-channel" : "shipped";
  const draft = source && (edits?.source === source ? edits
    : { source, subject: source.subject, body: source.body });

  useEffect(() => {
    setSaveProblem(null);
  }, [source]);
  // A partial the chosen language or channel lacks falls back to the first step email.
  useEffect(() => {
    if (library.current && !source) setName(STEPS[0]);
  }, [library.current, source]);

  const isPartial = name.startsWith("partials/");
  const step = isPartial ? previewStep : name;
  const edited = Boolean(draft && (draft.subject !== source.subject ||
    draft.body !== source.body));
  const checkoutId = cart.checkoutId.trim();
  // A tracked checkout is previewed once its id is typed; without one the API would show
  // the sample cart.
  const previewVariables = cart.kind === "checkout" && !checkoutId ? null : {
    template: step.toUpperCase(), language, channel,
    ...(cart.kind === "sample" ? { currency: cart.currency } : { checkoutId }),
    // Unedited, the preview shows what a send makes now; edited, the editor's draft.
    draft: edited ? { name, subject: isPartial ? null : draft.subject, body: draft.body }
      : null,
  };
  const preview = usePreview(page, state, previewVariables, storedChanges);
  const problem = saveProblem ?? preview.problem;

  const languages = [...new Set([...(library.data?.retentionEmailLanguages ?? []),
    ...addedLanguages, language])].sort();
  const open = (next) => {
    setPending(null);
    setEdits(null);
    if (!languages.includes(next.language)) setAddedLanguages([...addedLanguages, next.language]);
    setName(next.name);
    setLanguage(next.language);
    setChannel(next.channel);
  };
  // Another template, language or channel: at once, or after "discard?" when edited.
  const choose = (change) => {
    const next = { name, language, channel, ...change };
    if (next.name === name && next.language === language && next.channel === channel) {
      setPending(null);
    } else if (edited) {
      setPending(next);
    } else {
      open(next);
    }
  };
  const keepEditing = () => {
    setPending(null);
    setKeeps((count) => count + 1);
  };
  const edit = (next) => {
    setEdits(next);
    setSaveProblem(null);
  };

  const accessError = library.error instanceof AccessDenied ? library.error
    : (!library.data && library.error);
  const loadError = library.data && library.error && !accessError ? library.error : null;
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="templates">
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold">
          <FormattedMessage id="templates.title" defaultMessage="Email templates" />
        </Text>
        <Text color="default2">
          <FormattedMessage id="templates.intro" defaultMessage="Each step of a chain sends one of these emails. Edit its subject and MJML for a language and channel; the preview follows as you type, and nothing reaches shoppers until you save." />
        </Text>
      </Box>
      {accessError && <AccessProblem error={accessError} appName={page.appName} />}
      {!accessError && library.loading && !library.data && (
        <Skeleton __height="240px" data-testid="loading" />)}
      {!accessError && library.data && (
        <Box display="grid" gap={6} style={{ gridTemplateColumns: TWO_COLUMNS }}>
          <Box display="flex" flexDirection="column" gap={4} data-testid="editor">
            <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-start">
              <TemplateChoice sources={sources} name={name}
                setName={(value) => choose({ name: value })} />
              <LanguageChoice languages={languages} language={language}
                setLanguage={(value) => choose({ language: value })} problem={problem} />
              <ChannelChoice key={keeps} channel={channel}
                setChannel={(value) => choose({ channel: value })} />
            </Box>
            {pending && (
              <DiscardQuestion name={name} language={language} channel={channel}
                onDiscard={() => open(pending)} onKeep={keepEditing} />)}
            {loadError && (
              <Text color="critical1" data-testid="library-error">
                {channel
                  ? intl.formatMessage({ id: "templates.loadFailedInChannel", defaultMessage: "The texts of {language} (channel {channel}) could not be loaded: {error}" },
                    { language, channel, error: loadError.message })
                  : intl.formatMessage({ id: "templates.loadFailedEveryChannel", defaultMessage: "The texts of {language} (every channel) could not be loaded: {error}" },
                    { language, error: loadError.message })}
              </Text>
            )}
            {!library.current && !loadError && (
              <Skeleton __height="240px" data-testid="template-loading" />)}
            {library.current && !source && (
              <EmptyPanel testId="templates-empty"
                title={intl.formatMessage({ id: "templates.emptyTitle", defaultMessage: "No template to edit here" })}>
                <FormattedMessage id="templates.emptyText" defaultMessage="The app ships the step emails in English and every language falls back to them, so this shows only while the list is changing." />
              </EmptyPanel>
            )}
            {draft && (
              <>
                <Origin source={source} own={own} channel={channel} locale={locale} />
                <Editor isPartial={isPartial} draft={draft} setDraft={edit} problem={problem} />
                <FieldProblem field="name" problem={problem} />
                <TemplateActions key={`${name}|${language}|${channel}`} page={page}
                  state={state} name={name} language={language} channel={channel}
                  draft={draft} edited={edited} own={own} resetTo={resetTo} step={step}
                  currency={cart.kind === "sample" ? cart.currency : "USD"}
                  onSaveProblem={setSaveProblem} onChanged={() => {
                    library.reload();
                    setStoredChanges((count) => count + 1);
                  }} />
              </>
            )}
          </Box>
          <Box display="flex" flexDirection="column" gap={4}>
            <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-start">
              {isPartial && (
                <PreviewStepChoice previewStep={previewStep} setPreviewStep={setPreviewStep} />)}
              <CartChoice cart={cart} setCart={setCart} problem={preview.problem} />
            </Box>
            <PreviewPane result={preview} cart={cart} />
          </Box>
        </Box>
      )}
    </Box>
  );
}
