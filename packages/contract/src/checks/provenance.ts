// Where each rule the suite enforces comes from (decision 0007). A target that differs from a `documented` or
// `settled` rule has drifted from the contract; one that differs only from an `assumed` rule differs from one of
// this project's own choices, so the finding is a warning that names the decision the mock would have to change.

/**
 * - `documented`: the vendor's page (or its wider public docs) says so;
 * - `settled`: a reading recorded in `decisions/0001` where the pages are silent or contradict themselves;
 * - `assumed`: one of this project's own choices where every source is silent (`decisions/0002`, `0007`).
 */
export type Tier = 'documented' | 'settled' | 'assumed';

export const TIERS: readonly Tier[] = ['documented', 'settled', 'assumed'];

/** A rule's tier and its source, in words a reader of the repository can follow. */
export type Provenance = { tier: Tier; source: string };

export const documented = (source: string): Provenance => ({ tier: 'documented', source });

/** One or more settled readings of `decisions/0001`, with what they say in a few words. */
export function settled(readings: number | readonly number[], what: string): Provenance {
  const list = typeof readings === 'number' ? [readings] : readings;
  const numbers = list.length === 1 ? `reading ${list[0]}` : `readings ${list.join(', ')}`;
  return { tier: 'settled', source: `${numbers} (decisions/0001): ${what}` };
}

/** The decision notes that record the own choices the suite enforces (a test proves both exist). */
export const DECISION_NOTES = {
  ownChoices: 'decisions/0002-own-choices.md',
  contract: 'decisions/0007-contract-provenance-and-recording.md',
} as const;

/** An own choice, named by the note that records it, so a warning can say which decision would change. */
export function assumed(note: keyof typeof DECISION_NOTES, choice: string): Provenance {
  return { tier: 'assumed', source: `${DECISION_NOTES[note]}: ${choice}` };
}

/**
 * The project's own choices the suite enforces. Each is a warning against a target that differs; `--strict`
 * makes it a failure. They live here, one entry per choice, so a check, an API description or a schema rule that
 * rests on the same choice names it the same way.
 */
export const OWN_CHOICES = {
  salesforceOrganizationIdForms: assumed(
    'ownChoices',
    'a Salesforce organizationId is the 18-character id or its case-sensitive 15-character form; the filter accepts both, and anything else is a 400',
  ),
  requestIdFormat: assumed(
    'ownChoices',
    'requestId is a 13-character ASP.NET Core connection id, a colon and an 8-digit hex counter, and the request-id header carries the same value',
  ),
  requestIdUnique: assumed(
    'contract',
    'requestId is new for every response (a connection id and a counter never repeat)',
  ),
  dynamicsStartTimeRequired: assumed(
    'ownChoices',
    'Dynamics startTime is required in responses (the outline marks it optional)',
  ),
  finishNotBeforeStart: assumed('contract', "a job's finishTime is not before its startTime"),
} as const satisfies Record<string, Provenance>;

/** Whether a difference from a rule of this tier is drift (a failure) rather than a warning. */
export function isBinding(tier: Tier): boolean {
  return tier !== 'assumed';
}
