// Writes one copy: asks every connector, reads each feed once (each section's JSON, CSV and HTML go
// to spool files as the rows arrive), then assembles the ZIP entry by entry:
//   README.txt, data.json, csv/NN-<category>.csv, report.html, art15.json, art15.html.
// Memory stays flat whatever the history's length: a page of rows and a chunk of each file at a time.
import path from "node:path";
import type { MapCategory } from "../../datamap/read";
import type { Locale } from "../../i18n/config";
import {
  failureKind,
  runConnectors,
  connectorFailedTask,
  timedRows,
  withTimeout,
} from "../../connectors/run";
import type {
  Column,
  Connector,
  ConnectorReport,
  Feed,
  Row,
  SectionSpec,
  Subject,
} from "../../connectors/types";
import { art15Document, art15Html, categoryFactsHtml, copyText, htmlHead, rightsHtml } from "./art15";
import { escapeHtml } from "../../format/html";
import { BOM, csvLine } from "./formats";
import { valueFormatter, type ValueFormatter } from "../../format/values";
import { columnLabeller, recordsHtml } from "../records-html";
import { Spool, ZipWriter, type ByteSink, type DeflateLevel } from "./zip-writer";

export type WriteCopyInput = {
  subject: Subject;
  locale: Locale;
  requestId: string | null;
  connectors: readonly Connector[];
  map: MapCategory[];
  /** Display names of recipients (from the data map). */
  recipientNames: Map<string, string>;
  controller: { name: string; email: string };
  generatedAt: Date;
  sink: ByteSink;
  tmpDir: string;
  timeoutMs: number;
  stepTimeoutMs: number;
  level?: DeflateLevel;
  /** Deflate with fflate's ZipDeflate instead of node:zlib (see zip-writer.ts). */
  fflateEntries?: boolean;
  /** 0–100 within the writing; the caller throttles what it stores. */
  onProgress?: (percent: number) => Promise<void> | void;
};

export type WriteCopyResult = {
  report: ConnectorReport[];
  rows: number;
  pendingRecipients: string[];
  failedConnectors: string[];
};

type SectionState = {
  spec: SectionSpec;
  connector: string;
  json: Spool;
  html: Spool;
  rows: number;
  complete: boolean;
};

/** `columns` are keys (what each row holds); `header` is what the file's first line says, in words. */
type CategoryCsv = {
  key: string;
  file: string;
  columns: string[];
  header: string[];
  multi: boolean;
  spool: Spool;
};

export async function writeCopy(input: WriteCopyInput): Promise<WriteCopyResult> {
  const { locale, tmpDir } = input;
  const text = copyText(locale);
  const t = text.t;
  const progress = input.onProgress ?? (() => undefined);
  const mapByKey = new Map(input.map.map((c) => [c.key, c]));
  const categoryName = (key: string) => mapByKey.get(key)?.name ?? key;
  const sourceName = (key: string) =>
    t.has(`sources.${key}`) ? t(`sources.${key}`) : (input.recipientNames.get(key) ?? key);
  const sectionTitle = (key: string) => (t.has(`sections.${key}`) ? t(`sections.${key}`) : key);
  const columnLabel = (section: string) => columnLabeller(t, section);
  const typeLabel = (type: Column["type"]) => t(`types.${type}`);

  // 1. Ask every connector at once.
  const results = await runConnectors(
    input.connectors,
    input.subject,
    { purpose: "copy", locale, requestId: input.requestId },
    { timeoutMs: input.timeoutMs },
  );
  const report: ConnectorReport[] = results.map((r) => ({
    connector: r.connector,
    recipients: r.recipients,
    status: r.listing.status,
    ...(r.listing.status === "failed" ? { failure: r.listing.failure } : {}),
    ...((r.listing.status === "staff_task" || r.listing.status === "failed") && r.listing.taskIds
      ? { taskIds: r.listing.taskIds }
      : {}),
    ...(r.listing.status === "ok" ? { sections: [] } : {}),
  }));
  const feeds: { connector: string; feed: Feed; report: ConnectorReport; recipients: string[] }[] = [];
  results.forEach((r, i) => {
    if (r.listing.status === "ok") {
      for (const feed of r.listing.feeds) {
        feeds.push({ connector: r.connector, feed, report: report[i]!, recipients: r.recipients });
      }
    }
  });
  await progress(3);

  // 2. Sections by category (data-map order first, then anything a connector added).
  const categoryOrder = input.map.map((c) => c.key);
  const sections = new Map<string, SectionState>();
  const byCategory = new Map<string, SectionState[]>();
  let n = 0;
  for (const { connector, feed } of feeds) {
    for (const spec of feed.sections) {
      const id = `${spec.category}/${spec.key}/${connector}`;
      if (sections.has(id)) continue;
      n += 1;
      const st: SectionState = {
        spec,
        connector,
        json: new Spool(path.join(tmpDir, `s${n}.json`)),
        html: new Spool(path.join(tmpDir, `s${n}.html`)),
        rows: 0,
        complete: true,
      };
      sections.set(id, st);
      if (!byCategory.has(spec.category)) byCategory.set(spec.category, []);
      byCategory.get(spec.category)!.push(st);
      if (!categoryOrder.includes(spec.category)) categoryOrder.push(spec.category);
    }
  }
  const csvs = new Map<string, CategoryCsv>();
  categoryOrder.forEach((key, i) => {
    const list = byCategory.get(key) ?? [];
    const columns: string[] = [];
    const header: string[] = [];
    for (const st of list) {
      const label = columnLabel(st.spec.key);
      for (const c of st.spec.columns) {
        if (columns.includes(c.key)) continue;
        columns.push(c.key);
        header.push(csvHeader(label(c.key), c.type));
      }
    }
    const multi = list.length > 1;
    csvs.set(key, {
      key,
      file: `csv/${String(i + 1).padStart(2, "0")}-${key}.csv`,
      columns: multi ? ["record", ...columns] : columns,
      header: multi ? [t("csv.record"), ...header] : header,
      multi,
      spool: new Spool(path.join(tmpDir, `c${i + 1}.csv`)),
    });
  });

  // 3. Read each feed once, writing every section it feeds.
  const counts = await Promise.all(
    feeds.map(({ feed }) => withTimeout(feed.count(), input.stepTimeoutMs).catch(() => 0)),
  );
  const total = Math.max(
    1,
    counts.reduce((a, b) => a + b, 0),
  );
  const format = valueFormatter(locale);
  let done = 0;
  for (const { connector, feed, report: rep, recipients } of feeds) {
    const states = feed.sections.map((s) => sections.get(`${s.category}/${s.key}/${connector}`)!);
    const writers = states.map((st) => rowWriter(st, csvs.get(st.spec.category)!, format));
    try {
      for await (const row of timedRows(feed.rows(), input.stepTimeoutMs)) {
        for (const write of writers) write(row);
        done += 1;
        if (done % 2_000 === 0) await progress(3 + Math.min(77, (77 * done) / total));
      }
    } catch (err) {
      // What was read stays in the copy, marked incomplete; staff search by hand for the rest.
      for (const st of states) st.complete = false;
      const failure = failureKind(err);
      rep.status = "failed";
      rep.failure = failure;
      const taskId = await connectorFailedTask(
        connector,
        recipients,
        input.subject,
        input.requestId,
        failure,
      );
      rep.taskIds = [...(rep.taskIds ?? []), taskId];
    }
  }
  for (const st of sections.values()) {
    st.json.close();
    st.html.close();
  }
  for (const c of csvs.values()) c.spool.close();
  for (const r of report) {
    if (r.sections) {
      r.sections = [...sections.values()]
        .filter((s) => s.connector === r.connector)
        .map((s) => ({ category: s.spec.category, key: s.spec.key, rows: s.rows, complete: s.complete }));
    }
  }
  await progress(80);

  // 4. Assemble the ZIP.
  const spoolBytes =
    [...sections.values()].reduce((a, s) => a + s.json.bytes + s.html.bytes, 0) +
    [...csvs.values()].reduce((a, c) => a + c.spool.bytes, 0);
  let copied = 0;
  const onChunk = async (bytes: number) => {
    copied += bytes;
    await progress(80 + Math.min(19, (19 * copied) / Math.max(1, spoolBytes)));
  };
  const zip = new ZipWriter(input.sink, {
    level: input.level ?? 6,
    mtime: input.generatedAt,
    fflateEntries: input.fflateEntries,
  });
  const dateText = format.dateTimeLong(input.generatedAt);
  const pendingRecipients = report
    .filter((r) => r.status === "staff_task" || r.status === "not_configured" || r.status === "failed")
    .flatMap((r) => r.recipients);
  const failedConnectors = report.filter((r) => r.status === "failed").map((r) => r.connector);

  const sources = report.map((r) => ({
    connector: r.connector,
    name: sourceName(r.connector),
    status: r.status,
    statusText: t(`report.status.${r.status}`),
    ...(r.failure ? { failure: r.failure } : {}),
    recipients: r.recipients.map((k) => ({ key: k, name: input.recipientNames.get(k) ?? k })),
  }));

  // README.txt
  await zip.text("README.txt", readme());

  // data.json
  const doc = art15Document(input.map, text, input.controller, input.generatedAt);
  const data = zip.entry("data.json");
  const about = {
    format: "privacy-portal-copy/1",
    generatedAt: input.generatedAt.toISOString(),
    language: locale,
    controller: input.controller,
    personId: input.subject.personId,
    conventions: {
      dates: "ISO 8601; date-times in UTC",
      amounts: "integers in öre (hundredths of the currency unit), with the currency beside them",
      missing: "null: no value held",
    },
    readme: "README.txt",
  };
  await data.write(
    `{\n  "about": ${indent(JSON.stringify(about, null, 2))},\n  "sources": ${indent(JSON.stringify(sources, null, 2))},\n  "categories": [`,
  );
  for (const [ci, key] of categoryOrder.entries()) {
    const list = byCategory.get(key) ?? [];
    const cat = mapByKey.get(key);
    const empty = list.every((s) => s.rows === 0);
    const head = {
      key,
      name: categoryName(key),
      description: cat?.description ?? null,
      empty,
    };
    await data.write(`${ci ? "," : ""}\n    ${JSON.stringify(head).slice(0, -1)},"sections":[`);
    for (const [si, st] of list.entries()) {
      const sectionHead = {
        key: st.spec.key,
        title: sectionTitle(st.spec.key),
        heldBy: st.spec.heldBy,
        heldByName: sourceName(st.spec.heldBy),
        complete: st.complete,
        rowCount: st.rows,
        columns: st.spec.columns.map((c) => ({
          key: c.key,
          type: c.type,
          description: `${columnLabel(st.spec.key)(c.key)} (${typeLabel(c.type)})`,
        })),
      };
      await data.write(`${si ? "," : ""}\n      ${JSON.stringify(sectionHead).slice(0, -1)},"rows":[`);
      await data.appendFile(st.json.path, onChunk);
      await data.write(`${st.rows ? "\n      " : ""}]}`);
    }
    await data.write(`${list.length ? "\n    " : ""}]}`);
  }
  await data.write(`\n  ]\n}\n`);
  await data.end();

  // One CSV per category.
  for (const key of categoryOrder) {
    const csv = csvs.get(key)!;
    const e = zip.entry(csv.file);
    await e.write(BOM + csvLine(csv.header));
    await e.appendFile(csv.spool.path, onChunk);
    await e.end();
  }

  // report.html
  const html = zip.entry("report.html");
  const title = t("report.title", { company: input.controller.name });
  await html.write(htmlHead(locale, title));
  await html.write(`<header><h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t("report.generated", { date: dateText }))}</p>
</header>
<nav aria-label="${escapeHtml(t("report.contents"))}"><h2>${escapeHtml(t("report.contents"))}</h2><ol>
${categoryOrder.map((k) => `<li><a href="#cat-${escapeHtml(k)}">${escapeHtml(categoryName(k))}</a></li>`).join("\n")}
<li><a href="#sources">${escapeHtml(t("report.sourcesTitle"))}</a></li>
<li><a href="#rights">${escapeHtml(t("art15.rightsTitle"))}</a></li>
</ol></nav>
<main>
<h2>${escapeHtml(t("report.aboutTitle"))}</h2>
<p>${escapeHtml(t("report.aboutText"))}</p>
`);
  const docByKey = new Map(doc.categories.map((c) => [c.key, c]));
  for (const key of categoryOrder) {
    const list = byCategory.get(key) ?? [];
    const cat = mapByKey.get(key);
    await html.write(`<section id="cat-${escapeHtml(key)}">
<h2>${escapeHtml(categoryName(key))}</h2>
${cat ? `<p class="muted">${escapeHtml(cat.description)}</p>` : ""}
`);
    if (list.every((s) => s.rows === 0 && s.complete)) {
      await html.write(`<p>${escapeHtml(t("report.empty"))}</p>\n`);
    }
    for (const st of list) {
      if (st.rows === 0 && st.complete) continue;
      await html.write(`<h3>${escapeHtml(sectionTitle(st.spec.key))}</h3>
<p class="muted">${escapeHtml(t("report.heldBy", { source: sourceName(st.spec.heldBy) }))} · ${escapeHtml(t("report.records", { count: st.rows }))}</p>
${st.complete ? "" : `<p class="notice">${escapeHtml(t("report.incomplete", { source: sourceName(st.connector) }))}</p>`}
`);
      if (st.spec.single) {
        await html.appendFile(st.html.path, onChunk);
      } else {
        await html.write(
          `<table>${recordsHtml(st.spec.columns, columnLabel(st.spec.key), format).head}<tbody>\n`,
        );
        await html.appendFile(st.html.path, onChunk);
        await html.write(`</tbody></table>\n`);
      }
    }
    const facts = docByKey.get(key);
    if (facts) {
      await html.write(`<h3>${escapeHtml(t("report.factsTitle"))}</h3>\n${categoryFactsHtml(facts, text)}\n`);
    }
    await html.write(`</section>\n`);
  }
  await html.write(`<section id="sources"><h2>${escapeHtml(t("report.sourcesTitle"))}</h2><ul>
${sources
  .map(
    (s) =>
      `<li><strong>${escapeHtml(s.name)}</strong>${s.recipients.length ? ` (${escapeHtml(s.recipients.map((r) => r.name).join(", "))})` : ""}: ${escapeHtml(s.statusText)}</li>`,
  )
  .join("\n")}
</ul></section>
${rightsHtml(doc, text)}
</main>
</body>
</html>
`);
  await html.end();

  // art15.json and art15.html
  await zip.text("art15.json", JSON.stringify(doc, null, 2) + "\n");
  await zip.text("art15.html", art15Html(doc, text));
  zip.end();
  await progress(100);

  return { report, rows: done, pendingRecipients, failedConnectors };

  function readme(): string {
    const lines = [
      t("readme.title", { company: input.controller.name }),
      t("readme.made", { date: dateText }),
      "",
      t("readme.filesTitle"),
      `- ${t("readme.fileData")}`,
      `- ${t("readme.fileCsv")}`,
      `- ${t("readme.fileReport")}`,
      `- ${t("readme.fileArt15")}`,
      "",
      t("readme.structureTitle"),
      t("readme.structure"),
      "",
      t("readme.keysTitle"),
    ];
    for (const key of categoryOrder) {
      for (const st of byCategory.get(key) ?? []) {
        lines.push("", `${categoryName(key)} / ${sectionTitle(st.spec.key)} (${key}.${st.spec.key})`);
        const label = columnLabel(st.spec.key);
        for (const c of st.spec.columns) lines.push(`  ${c.key}: ${label(c.key)}; ${typeLabel(c.type)}`);
      }
    }
    // Where we looked: what each system gave (or why it gave nothing), as report.html says it.
    lines.push("", t("report.sourcesTitle"));
    for (const s of sources) {
      const names = s.recipients.map((r) => r.name).join(", ");
      lines.push(`- ${s.name}${names ? ` (${names})` : ""}: ${s.statusText}`);
    }
    lines.push("", t("readme.contact", { email: input.controller.email }), "");
    return lines.join("\r\n");
  }

  /** A column's header in the CSV: its label, with the unit where the value is not as it reads. */
  function csvHeader(label: string, type: Column["type"]): string {
    return type === "money_ore" ? t("csv.inOre", { label }) : label;
  }

  function rowWriter(st: SectionState, csv: CategoryCsv, fmt: ValueFormatter) {
    const columns = st.spec.columns;
    const keys = columns.map((c) => c.key);
    const csvKeys = csv.multi ? csv.columns.slice(1) : csv.columns;
    const own = new Set(keys);
    const records = recordsHtml(columns, columnLabel(st.spec.key), fmt);
    const recordName = sectionTitle(st.spec.key);
    return (row: Row) => {
      const obj: Row = {};
      for (const k of keys) obj[k] = row[k] ?? null;
      st.json.write(`${st.rows ? "," : ""}\n        ${JSON.stringify(obj)}`);
      const values = csvKeys.map((k) => (own.has(k) ? (row[k] ?? null) : null));
      csv.spool.write(csvLine(csv.multi ? [recordName, ...values] : values));
      st.html.write(`${st.spec.single ? records.single(row) : records.row(row)}\n`);
      st.rows += 1;
    };
  }
}

function indent(json: string): string {
  return json.replace(/\n/g, "\n  ");
}
