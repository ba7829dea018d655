// The ingest API as OpenAPI 3.1, with each record type's schema generated from the same zod schema
// that validates it (JSON Schema 2020-12, as OpenAPI 3.1 uses).
import { z } from "zod";
import { HANDLERS } from "./handlers";
import { MAX_BODY_BYTES, MAX_RECORDS, REQUESTS_PER_MINUTE } from "./ingest";
import { RECORD_TYPES, type RecordType } from "./types";

const TITLES: Record<RecordType, string> = {
  people: "People (customers, newsletter subscribers, contacts)",
  orders: "Orders with their items",
  invoices: "Invoices",
  payments: "Payments",
  consent: "Marketing status per channel and topic",
  "web-events": "Website, device and location events",
};

const schemaName = (t: RecordType) =>
  `${t
    .split("-")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("")}Record`;

function recordSchema(type: RecordType): Record<string, unknown> {
  const json = z.toJSONSchema(HANDLERS[type].schema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  });
  delete (json as { $schema?: string }).$schema;
  return json as Record<string, unknown>;
}

export function ingestOpenApi(serverUrl: string): Record<string, unknown> {
  const errorResponse = (description: string) => ({
    description,
    content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } },
  });
  const paths: Record<string, unknown> = {};
  for (const type of RECORD_TYPES) {
    paths[`/api/ingest/${type}`] = {
      post: {
        operationId: `ingest-${type}`,
        summary: TITLES[type],
        description:
          `Creates or updates ${type} by their external id; sending the same records again changes nothing. ` +
          `Needs an API key with the scope ingest:${type}. See docs/import.md for the rules (what an import never overrides).`,
        security: [{ apiKey: [`ingest:${type}`] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "array",
                maxItems: MAX_RECORDS,
                items: { $ref: `#/components/schemas/${schemaName(type)}` },
              },
            },
          },
        },
        responses: {
          "200": {
            description:
              "Every record was created, updated or skipped (unchanged, or kept because of a conflict).",
            content: { "application/json": { schema: { $ref: "#/components/schemas/IngestResult" } } },
          },
          "207": {
            description: "Some records were rejected; the others were applied. See each result.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/IngestResult" } } },
          },
          "400": errorResponse("The body is not JSON, not an array, or has too many records."),
          "401": errorResponse("No API key, or an unknown one."),
          "403": errorResponse("The key is revoked, or has no scope for this record type."),
          "404": errorResponse("No such record type."),
          "413": errorResponse(`The body is larger than ${MAX_BODY_BYTES} bytes.`),
          "415": errorResponse("The body is not application/json."),
          "429": {
            ...errorResponse(`More than ${REQUESTS_PER_MINUTE} requests in a minute with this key.`),
            headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } },
          },
        },
      },
    };
  }
  const schemas: Record<string, unknown> = {
    Problem: {
      type: "object",
      required: ["error", "detail"],
      properties: { error: { type: "string" }, detail: { type: "string" } },
    },
    RowResult: {
      type: "object",
      required: ["index", "outcome"],
      properties: {
        index: { type: "integer", description: "The record's position in the request array, from 0." },
        outcome: { enum: ["created", "updated", "skipped", "rejected"] },
        reason: {
          enum: [
            "parse_error",
            "invalid",
            "erased",
            "unknown_person",
            "unknown_topic",
            "unknown_reference",
            "conflict",
            "failed",
            "unchanged",
            "newer_in_source",
            "restricted",
          ],
        },
        key: { type: "string", description: "The record's external id (or person and channel for consent)." },
        errors: {
          type: "array",
          items: {
            type: "object",
            properties: { field: { type: "string" }, message: { type: "string" } },
          },
        },
        conflicts: {
          type: "array",
          description: "Fields or statuses kept as they were, and why.",
          items: {
            type: "object",
            properties: {
              field: { type: "string" },
              reason: {
                enum: [
                  "signed_in",
                  "corrected_in_portal",
                  "newer_in_source",
                  "taken",
                  "newer_choice_in_portal",
                ],
              },
            },
          },
        },
      },
    },
    IngestResult: {
      type: "object",
      required: ["summary", "results"],
      properties: {
        summary: {
          type: "object",
          properties: Object.fromEntries(
            ["total", "created", "updated", "skipped", "rejected", "withConflicts"].map((k) => [
              k,
              { type: "integer" },
            ]),
          ),
        },
        results: { type: "array", items: { $ref: "#/components/schemas/RowResult" } },
      },
    },
  };
  for (const type of RECORD_TYPES) schemas[schemaName(type)] = recordSchema(type);
  return {
    openapi: "3.1.0",
    info: {
      title: "Privacy portal ingest API",
      version: "1",
      description:
        "Records from the company's other systems. Each record is validated and reported on its own; " +
        "a record never overrides what a person decided in the portal.",
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key created by an admin under Staff › Settings › API keys (ppk_...).",
        },
      },
      schemas,
    },
  };
}
