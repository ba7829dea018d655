// Every record type's validation and upsert, for the import command and the ingest API alike.
import { consentHandler } from "./consent";
import { invoicesHandler } from "./invoices";
import { ordersHandler } from "./orders";
import { paymentsHandler } from "./payments";
import { peopleHandler } from "./people";
import type { RecordHandler, RecordType } from "./types";
import { webEventsHandler } from "./web-events";

export const HANDLERS: { [K in RecordType]: RecordHandler<unknown> } = {
  people: peopleHandler as RecordHandler<unknown>,
  orders: ordersHandler as RecordHandler<unknown>,
  invoices: invoicesHandler as RecordHandler<unknown>,
  payments: paymentsHandler as RecordHandler<unknown>,
  consent: consentHandler as RecordHandler<unknown>,
  "web-events": webEventsHandler as RecordHandler<unknown>,
};
