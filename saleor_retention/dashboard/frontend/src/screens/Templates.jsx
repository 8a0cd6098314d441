// The "Templates" tab of the app page: a step email's (or partial's) subject and MJML in
// one language and channel, edited beside a live preview of what the editor holds, then
// saved, reset to the shipped text, or sent as a test.
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";

import { AccessDenied } from "../api.js";
import { enumWords, formatDateTime } from "../format.js";
import TEMPLATES from "../graphql/Templates.graphql";
import { useApiQuery } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";
import { TemplateActions } from "./TemplateActions.jsx";
import { CartChoice, PreviewPane, usePreview } from "./TemplatePreview.jsx";
import { EmptyPanel, FIELD_STYLE } from "./tables.jsx";

const STEPS = ["first_reminder", "follow_up", "last_chance"];
// How long the channel field waits for the typing to stop before it loads that channel.
const TYPING_PAUSE_MS = 400;
// The editor and the preview side by side, each as wide as the other whatever it holds.
const TWO_COLUMNS = "minmax(0, 1fr) minmax(0, 1fr)";
const MONOSPACE = { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  fontSize: "13px", lineHeight: 1.5 };

function nameLabel(name) {
  return name.startsWith("partials/") ? `Partial: ${name.slice("partials/".length)}`
    : enumWords(name.toUpperCase());
}

/** Returns "pt_br" for "pt-BR ", as the API stores a language. */
function languageCode(text) {
  return text.trim().toLowerCase().replace(/-/g, "_");
}

/** Loads the languages, the texts of one language and channel, and the store's own
 * versions there; again when they change and after a save or reset (`reload`). */
function useLibrary(page, state, language, channel) {
  return useApiQuery(page, state, TEMPLATES, { variables: { language, channel },
    operationName: "DashboardTemplates" });
}

function Control({ label, children }) {
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Text as="label" size={2} color="default2">{label}</Text>
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
  const add = () => {
    const code = languageCode(adding);
    if (code) setLanguage(code);
    setAdding("");
  };
  return (
    <Control label="Language">
      <Box display="flex" gap={2}>
        <Box as="select" data-testid="language" value={language} borderColor="default1"
          style={{ ...FIELD_STYLE, minWidth: "100px" }}
          onChange={(event) => setLanguage(event.target.value)}>
          {languages.map((code) => <option key={code} value={code}>{code}</option>)}
        </Box>
        <Box as="input" data-testid="new-language" value={adding} placeholder="Add: de, pt_br"
          borderColor="default1" style={{ ...FIELD_STYLE, minWidth: "120px", width: "120px" }}
          onChange={(event) => setAdding(event.target.value)}
          onKeyDown={(event) => event.key === "Enter" && add()} />
        <Button variant="secondary" data-testid="add-language" disabled={!adding.trim()}
          onClick={add}>Add</Button>
      </Box>
      <FieldProblem field="language" problem={problem} />
    </Control>
  );
}

function ChannelChoice({ channel, setChannel }) {
  const [typed, setTyped] = useState(channel);
  useEffect(() => {
    const timer = window.setTimeout(() => setChannel(typed.trim()), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [typed, setChannel]);
  return (
    <Control label="Channel (slug)">
      <Box as="input" data-testid="channel" value={typed} placeholder="Every channel"
        borderColor="default1" style={FIELD_STYLE}
        onChange={(event) => setTyped(event.target.value)} />
    </Control>
  );
}

function TemplateChoice({ sources, name, setName }) {
  const partials = sources.filter((source) => source.name.startsWith("partials/"));
  return (
    <Control label="Template">
      <Box as="select" data-testid="template" value={name} borderColor="default1"
        style={FIELD_STYLE} onChange={(event) => setName(event.target.value)}>
        <optgroup label="Step emails">
          {STEPS.map((step) => <option key={step} value={step}>{nameLabel(step)}</option>)}
        </optgroup>
        {partials.length > 0 && (
          <optgroup label="Partials (shared pieces of the step emails)">
            {partials.map(({ name: partial }) => (
              <option key={partial} value={partial}>{nameLabel(partial)}</option>))}
          </optgroup>
        )}
      </Box>
    </Control>
  );
}

function Origin({ source, own, channel, locale }) {
  let text;
  if (own) {
    text = `The store's own version ${channel ? `for ${channel}` : "for every channel"}, ` +
      `saved ${formatDateTime(own.updatedAt, locale)} (version ${own.version}).`;
  } else if (source.shipped) {
    text = "The app's shipped text: saving makes it the store's own.";
  } else {
    text = "The store's version for every channel (or for the language emails fall back " +
      "to): saving here makes one of its own.";
  }
  return <Text size={2} color="default2" data-testid="template-origin">{text}</Text>;
}

function Editor({ isPartial, draft, setDraft, problem }) {
  return (
    <Box display="flex" flexDirection="column" gap={3}>
      {!isPartial && (
        <Control label="Subject">
          <Box as="input" data-testid="subject" value={draft.subject} borderColor="default1"
            style={{ ...FIELD_STYLE, ...MONOSPACE }}
            onChange={(event) => setDraft({ ...draft, subject: event.target.value })} />
          <FieldProblem field="subject" problem={problem} />
        </Control>
      )}
      <Control label="MJML">
        {/* Above the text, which is longer than the frame: the message stays in sight. */}
        <FieldProblem field="body" problem={problem} />
        <Box as="textarea" data-testid="body" value={draft.body} borderColor="default1"
          spellCheck={false} rows={24}
          style={{ ...FIELD_STYLE, ...MONOSPACE, resize: "vertical", whiteSpace: "pre" }}
          onChange={(event) => setDraft({ ...draft, body: event.target.value })} />
      </Control>
    </Box>
  );
}

export function Templates({ page, state }) {
  const locale = state.locale || "en";
  const [language, setLanguage] = useState("en");
  const [addedLanguages, setAddedLanguages] = useState([]);
  const [channel, setChannel] = useState("");
  const [name, setName] = useState(STEPS[0]);
  const [previewStep, setPreviewStep] = useState(STEPS[0]);
  const [cart, setCart] = useState({ kind: "sample", currency: "USD", checkoutId: "" });
  const [draft, setDraft] = useState(null);
  const [saveProblem, setSaveProblem] = useState(null);
  const library = useLibrary(page, state, language, channel);
  const sources = library.data?.retentionEmailTemplateSources ?? [];
  const source = sources.find((candidate) => candidate.name === name);
  const own = (library.data?.retentionEmailTemplates ?? []).find((row) => row.name === name);

  // The editor starts from the text that applies, again whenever that text is reloaded.
  useEffect(() => {
    setDraft(source ? { subject: source.subject, body: source.body } : null);
    setSaveProblem(null);
  }, [source]);
  // A partial the chosen language or channel lacks falls back to the first step email.
  useEffect(() => {
    if (library.data && !source) setName(STEPS[0]);
  }, [library.data, source]);

  const isPartial = name.startsWith("partials/");
  const step = isPartial ? previewStep : name;
  const edited = Boolean(draft && source &&
    (draft.subject !== source.subject || draft.body !== source.body));
  const previewVariables = {
    template: step.toUpperCase(), language, channel,
    ...(cart.kind === "sample" ? { currency: cart.currency }
      : { checkoutId: cart.checkoutId.trim() || null }),
    // Unedited, the preview shows what a send makes now; edited, the editor's draft.
    draft: edited ? { name, subject: isPartial ? null : draft.subject, body: draft.body }
      : null,
  };
  const preview = usePreview(page, state, previewVariables);
  const problem = saveProblem ?? preview.problem;

  const languages = [...new Set([...(library.data?.retentionEmailLanguages ?? []),
    ...addedLanguages, language])].sort();
  const chooseLanguage = (code) => {
    if (!languages.includes(code)) setAddedLanguages([...addedLanguages, code]);
    setLanguage(code);
  };
  const edit = (next) => {
    setDraft(next);
    setSaveProblem(null);
  };

  const accessError = [library.error, preview.error].find(
    (error) => error instanceof AccessDenied) ?? (!library.data && library.error);
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="templates">
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold">Email templates</Text>
        <Text color="default2">
          Each step of a chain sends one of these emails. Edit its subject and MJML for a
          language and channel; the preview follows as you type, and nothing reaches
          shoppers until you save.
        </Text>
      </Box>
      {accessError && <AccessProblem error={accessError} appName={page.appName} />}
      {!accessError && library.loading && !library.data && (
        <Skeleton __height="240px" data-testid="loading" />)}
      {!accessError && library.data && !source && (
        <EmptyPanel testId="templates-empty" title="No template to edit here">
          The app ships the step emails in English and every language falls back to them,
          so this shows only while the list is changing.
        </EmptyPanel>
      )}
      {!accessError && library.data && source && draft && (
        <Box display="grid" gap={6} style={{ gridTemplateColumns: TWO_COLUMNS }}>
          <Box display="flex" flexDirection="column" gap={4} data-testid="editor">
            <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-start">
              <TemplateChoice sources={sources} name={name} setName={setName} />
              <LanguageChoice languages={languages} language={language}
                setLanguage={chooseLanguage} problem={problem} />
              <ChannelChoice channel={channel} setChannel={setChannel} />
            </Box>
            <Origin source={source} own={own} channel={channel} locale={locale} />
            <Editor isPartial={isPartial} draft={draft} setDraft={edit} problem={problem} />
            <FieldProblem field="name" problem={problem} />
            <TemplateActions key={`${name}|${language}|${channel}`} page={page} state={state}
              name={name} language={language}
              channel={channel} draft={draft} edited={edited} own={own} step={step}
              currency={cart.kind === "sample" ? cart.currency : "USD"}
              onSaveProblem={setSaveProblem} onChanged={library.reload} />
          </Box>
          <Box display="flex" flexDirection="column" gap={4}>
            <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-start">
              {isPartial && (
                <Control label="Preview in">
                  <Box as="select" data-testid="preview-step" value={previewStep}
                    borderColor="default1" style={FIELD_STYLE}
                    onChange={(event) => setPreviewStep(event.target.value)}>
                    {STEPS.map((value) => (
                      <option key={value} value={value}>{nameLabel(value)}</option>))}
                  </Box>
                </Control>
              )}
              <CartChoice cart={cart} setCart={setCart} problem={preview.problem} />
            </Box>
            {preview.error && !(preview.error instanceof AccessDenied) && (
              <Text color="critical1" data-testid="preview-unavailable">
                {preview.error.message}
              </Text>
            )}
            <PreviewPane result={preview} cart={cart} />
          </Box>
        </Box>
      )}
    </Box>
  );
}
