// The one error a connector throws. It carries a kind ("wix_rate_limited", "newsletter_not_found")
// and a few numbers, never the provider's message or a request's content: a provider's message can
// echo an email address or a name, and the kind is what a failed copy, a staff task and the queue's
// retry record keep (lib/connectors/run.ts failureKind).

export type ConnectorErrorFacts = {
  /** The provider's HTTP status, when it answered. */
  status?: number;
  /** How long the provider asked us to wait (429/503 Retry-After), when it said so. */
  retryAfterMs?: number;
};

export class ConnectorError extends Error {
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    public readonly kind: string,
    facts: ConnectorErrorFacts = {},
  ) {
    super(kind);
    this.name = "ConnectorError";
    if (facts.status !== undefined) this.status = facts.status;
    if (facts.retryAfterMs !== undefined) this.retryAfterMs = facts.retryAfterMs;
  }
}
