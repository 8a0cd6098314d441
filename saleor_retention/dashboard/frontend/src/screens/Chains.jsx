// The "Chains" tab of the app page: the store's reminder chains by priority, each switched
// on or off in place; a chain opens its editor (ChainEditor.jsx), and "Create chain" its
// form.
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { FormattedMessage, defineMessages, useIntl } from "react-intl";

import CHAINS from "../graphql/Chains.graphql";
import { useApiQuery } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";
import { ChainEditor } from "./ChainEditor.jsx";
import { EnabledSwitch, channelsWords, conditionsWords, stepsSummary } from "./ChainParts.jsx";
import { Cell, EmptyPanel } from "./tables.jsx";

/** Loads the chains and the discount policies; `setChains(change)` replaces the chains with
 * what a mutation answered. */
function useChains(page, state) {
  const { data, update, ...result } = useApiQuery(page, state, CHAINS,
    { operationName: "DashboardChains" });
  const setChains = (change) => update((current) => ({
    ...current, retentionChains: change(current.retentionChains) }));
  return { ...result, chains: data?.retentionChains, policies: data?.retentionDiscountPolicies,
    setChains };
}

const COLUMNS = defineMessages({
  priority: { id: "chains.columnPriority", defaultMessage: "Priority" },
  name: { id: "chains.columnName", defaultMessage: "Name" },
  enabled: { id: "chains.columnEnabled", defaultMessage: "Enabled" },
  channels: { id: "chains.columnChannels", defaultMessage: "Channels" },
  conditions: { id: "chains.columnConditions", defaultMessage: "Conditions" },
  steps: { id: "chains.columnSteps", defaultMessage: "Steps" },
});

function ChainTable({ chains, page, state, onOpen, onChange }) {
  const intl = useIntl();
  return (
    <Box as="table" width="100%" borderCollapse="collapse" data-testid="chains">
      <thead>
        <tr>{Object.entries(COLUMNS).map(([key, message]) => (
          <Cell key={key} header>{intl.formatMessage(message)}</Cell>))}</tr>
      </thead>
      <tbody>
        {chains.map((chain, index) => (
          <tr key={chain.id} data-testid="chain-row" data-enabled={chain.enabled}>
            <Cell>{index + 1}</Cell>
            <Cell>
              <Box as="button" type="button" data-testid="open-chain" cursor="pointer"
                backgroundColor="transparent" borderWidth={0} padding={0}
                style={{ font: "inherit", color: "inherit", textDecoration: "underline" }}
                onClick={() => onOpen(chain.id)}>
                {chain.name}
              </Box>
            </Cell>
            <Box as="td" paddingY={2} paddingX={3} borderBottomStyle="solid"
              borderBottomWidth={1} borderColor="default1">
              <EnabledSwitch page={page} state={state} chain={chain} onChange={onChange} />
            </Box>
            <Cell>{channelsWords(intl, chain.channels)}</Cell>
            <Cell><span data-testid="chain-conditions">
              {conditionsWords(intl, chain.conditions)}</span></Cell>
            <Cell><span data-testid="chain-steps">{stepsSummary(intl, chain.steps)}</span></Cell>
          </tr>
        ))}
      </tbody>
    </Box>
  );
}

function EmptyState({ onCreate }) {
  const intl = useIntl();
  return (
    <Box display="flex" flexDirection="column" gap={4}>
      <EmptyPanel testId="chains-empty"
        title={intl.formatMessage({ id: "chains.emptyTitle", defaultMessage: "No chains yet" })}>
        <FormattedMessage id="chains.emptyText" defaultMessage="A chain decides which abandoned checkouts get reminders, which emails they get and when. Until a chain is created and switched on, checkouts get no reminders. Create one, add its emails — say one after an hour, another the next day with a discount — and switch it on." />
      </EmptyPanel>
      <Box>
        <Button variant="primary" data-testid="create-chain-empty" onClick={onCreate}>
          <FormattedMessage id="chains.createChain" defaultMessage="Create chain" />
        </Button>
      </Box>
    </Box>
  );
}

export function Chains({ page, state }) {
  const { loading, chains, policies, error, setChains } = useChains(page, state);
  // id null: the list; "new": the form that creates a chain; otherwise a chain's editor,
  // with the form of a new step open when `addingStep`.
  const [open, setOpen] = useState({ id: null, addingStep: false });
  const replace = (changed) => setChains((current) => current.map(
    (chain) => (chain.id === changed.id ? changed : chain)));

  if (chains && open.id !== null) {
    const chain = chains.find((one) => one.id === open.id) ?? null;
    if (open.id === "new" || chain) {
      return (
        <ChainEditor key={open.id} page={page} state={state} chain={chain} chains={chains}
          policies={policies} addingStep={open.addingStep} onChange={replace}
          onChains={(all) => setChains(() => all)}
          onCreated={(created) => {
            setChains((current) => [...current, created]);
            // A new chain has no email yet: its first step's form opens at once.
            setOpen({ id: created.id, addingStep: true });
          }}
          onDeleted={(id) => {
            setChains((current) => current.filter((one) => one.id !== id));
            setOpen({ id: null, addingStep: false });
          }}
          onClose={() => setOpen({ id: null, addingStep: false })} />
      );
    }
  }
  const create = () => setOpen({ id: "new", addingStep: false });
  const noneEnabled = chains?.length > 0 && !chains.some((chain) => chain.enabled);
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="chains-screen">
      <Box display="flex" justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Box display="flex" flexDirection="column" gap={1}>
          <Text as="h1" size={8} fontWeight="bold">
            <FormattedMessage id="chains.title" defaultMessage="Chains" />
          </Text>
          <Text color="default2">
            <FormattedMessage id="chains.intro" defaultMessage="An abandoned checkout runs the first chain, in this order, that is switched on and takes it." />
          </Text>
        </Box>
        {chains?.length > 0 && (
          <Button variant="primary" data-testid="create-chain" onClick={create}>
            <FormattedMessage id="chains.createChain" defaultMessage="Create chain" />
          </Button>)}
      </Box>
      {error && <AccessProblem error={error} appName={page.appName} />}
      {loading && <Skeleton __height="120px" data-testid="loading" />}
      {noneEnabled && (
        <Text color="warning1" data-testid="none-enabled">
          <FormattedMessage id="chains.noneEnabled" defaultMessage="No chain is switched on: abandoned checkouts get no reminders until one is." />
        </Text>)}
      {chains?.length > 0 && (
        <ChainTable chains={chains} page={page} state={state}
          onOpen={(id) => setOpen({ id, addingStep: false })} onChange={replace} />)}
      {chains?.length === 0 && <EmptyState onCreate={create} />}
    </Box>
  );
}
