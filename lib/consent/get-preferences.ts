// What the preferences page shows: per channel and topic the status in force and its basis, the
// topics as data (ConsentTopic), and the person's own ledger, newest first.
import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { db } from "../db";
import { CHANNELS, effectiveStatus, isOn, type Channel, type ConsentStatus, type LegalBasis } from "./rules";

export type PreferenceItem = {
  topic: string;
  status: ConsentStatus | "none";
  legalBasis: LegalBasis;
  on: boolean;
};

export type HistoryEntry = {
  id: string;
  at: Date;
  channel: Channel;
  topic: string;
  action: string;
  method: string;
  legalBasis: string;
  wordingVersion: string;
  actorType: string;
  staffName: string | null;
};

export type Preferences = {
  topics: { key: string; nameSv: string; nameEn: string }[];
  channels: { channel: Channel; items: PreferenceItem[] }[];
  pending: boolean;
  anyOn: boolean;
  history: HistoryEntry[];
};

export const getPreferences = defineUseCase(
  "preferences.get",
  { action: "data.view", callers: SUBJECT },
  async (actor, opts: { historyLimit?: number } = {}): Promise<Preferences> => {
    const personId = actor.personId;
    const [topics, rows, events] = await Promise.all([
      db.consentTopic.findMany({ where: { active: true }, orderBy: [{ sortOrder: "asc" }, { key: "asc" }] }),
      db.consentState.findMany({
        where: { personId },
        select: { channel: true, topic: true, status: true, legalBasis: true },
      }),
      db.consentEvent.findMany({
        where: { personId },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: opts.historyLimit ?? 200,
      }),
    ]);
    const channels = CHANNELS.map((channel) => ({
      channel,
      items: topics.map((t) => {
        const e = effectiveStatus(rows, channel, t.key);
        return { topic: t.key, status: e.status, legalBasis: e.legalBasis, on: isOn(e.status) };
      }),
    }));
    const staffIds = [...new Set(events.map((e) => e.staffMemberId).filter((x): x is string => !!x))];
    const staff = staffIds.length
      ? await db.staffMember.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })
      : [];
    const names = new Map(staff.map((s) => [s.id, s.name]));
    const items = channels.flatMap((c) => c.items);
    return {
      topics: topics.map((t) => ({ key: t.key, nameSv: t.nameSv, nameEn: t.nameEn })),
      channels,
      pending: items.some((i) => i.status === "pending"),
      anyOn: items.some((i) => i.on || i.status === "pending"),
      history: events.map((e) => ({
        id: e.id.toString(),
        at: e.at,
        channel: e.channel,
        topic: e.topic,
        action: e.action,
        method: e.method,
        legalBasis: e.legalBasis,
        wordingVersion: e.wordingVersion,
        actorType: e.actorType,
        staffName: e.staffMemberId ? (names.get(e.staffMemberId) ?? null) : null,
      })),
    };
  },
);
