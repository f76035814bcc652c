// Webhooks (interviewers and admins): register a URL for submission.graded,
// see the secret once, pause and resume, rotate the secret, read each
// webhook's delivery log and redeliver from it, delete.
import { get, query, request, user, type List } from "../api";
import { errorBox, h, loading, onSubmit } from "../dom";
import { date, t, tOr } from "../i18n";
import { type View } from "../router";

interface Webhook {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  created_at: string;
}

interface Delivery {
  id: number;
  event: string;
  payload: string;
  attempt: number;
  status: "pending" | "delivered" | "failed";
  status_code?: number;
  error?: string;
  next_attempt_at?: string;
  created_at: string;
  delivered_at?: string;
}

function when(iso: string | undefined): string {
  return iso ? date(iso) : "—";
}

export const webhooksView: View = async (root, _p, _q, signal) => {
  root.append(h("h2", {}, t("wh.title")));
  const r = user()?.role;
  if (r !== "interviewer" && r !== "admin") {
    root.append(h("p", { class: "warning" }, t("wh.only")));
    return;
  }
  root.append(
    h(
      "p",
      { class: "muted" },
      t("wh.intro1"),
      h("code", {}, "X-GoPrep-Signature: sha256=<hex HMAC-SHA256 of timestamp + \".\" + body>"),
      t("wh.intro2"),
    ),
  );
  const list = h("div", { "data-testid": "webhooks" }, loading());
  const url = h("input", { type: "url", name: "url", required: true, maxlength: 2000, placeholder: "https://lms.example.com/goprep" });
  const msg = h("div", {});
  const form = h(
    "form",
    { class: "card inline-form", "data-testid": "webhook-form" },
    h("h3", {}, t("wh.new")),
    h("label", { class: "field wide" }, h("span", {}, "URL"), url),
    h("button", { type: "submit", class: "primary" }, t("wh.register")),
    msg,
  );
  const redeliverButton = (w: Webhook, d: Delivery, into: HTMLElement) => {
    const b = h("button", { type: "button", class: "small", "data-redeliver": String(d.id) }, t("wh.redeliver"));
    b.addEventListener("click", async () => {
      b.disabled = true;
      try {
        const again = await request<Delivery>("POST", `/webhooks/${w.id}/deliveries/${d.id}/redeliver`);
        await deliveries(w, into);
        into.prepend(h("p", { class: "muted", "data-testid": "redelivered" }, t("wh.redelivered", { id: again.id })));
      } catch (e) {
        b.disabled = false;
        into.prepend(errorBox(e));
      }
    });
    return b;
  };
  const deliveries = async (w: Webhook, into: HTMLElement) => {
    into.replaceChildren(loading());
    try {
      const page = await get<List<Delivery>>(`/webhooks/${w.id}/deliveries${query({ limit: 50 })}`, { signal });
      into.replaceChildren(
        page.items.length
          ? h(
              "table",
              { class: "deliveries" },
              h("thead", {}, h("tr", {}, ([ "wh.colWhen", "wh.colEvent", "wh.colStatus", "wh.colAttempts", "wh.colAnswer", "wh.colNext", "wh.colPayload", "wh.colRedeliver"] as const).map((k) => h("th", {}, t(k))))),
              h(
                "tbody",
                {},
                page.items.map((d) =>
                  h(
                    "tr",
                    { class: d.status === "delivered" ? "pass" : d.status === "failed" ? "fail" : "" },
                    h("td", {}, when(d.created_at)),
                    h("td", {}, d.event),
                    h("td", { "data-status": d.status }, tOr("dstatus.", d.status)),
                    h("td", { class: "num" }, String(d.attempt)),
                    h("td", {}, d.status_code ? String(d.status_code) : "", d.error ? h("span", { class: "muted" }, ` ${d.error}`) : null),
                    h("td", {}, when(d.next_attempt_at)),
                    h("td", {}, h("details", {}, h("summary", {}, "JSON"), h("pre", {}, d.payload))),
                    h("td", {}, redeliverButton(w, d, into)),
                  ),
                ),
              ),
            )
          : h("p", { class: "empty" }, t("wh.noDeliveries")),
      );
    } catch (e) {
      if (!signal.aborted) into.replaceChildren(errorBox(e));
    }
  };
  const draw = async () => {
    try {
      const page = await get<List<Webhook>>(`/webhooks${query({ limit: 100 })}`, { signal });
      if (!page.items.length) {
        list.replaceChildren(h("p", { class: "empty" }, t("wh.none")));
        return;
      }
      list.replaceChildren(
        ...page.items.map((w) => {
          const log = h("div", {});
          const show = h("button", { type: "button" }, t("wh.deliveries"));
          show.addEventListener("click", () => void deliveries(w, log));
          const toggle = h("button", { type: "button", "data-testid": "webhook-toggle" }, w.active ? t("wh.pause") : t("wh.resume"));
          toggle.addEventListener("click", async () => {
            toggle.disabled = true;
            try {
              await request("PATCH", `/webhooks/${w.id}`, { active: !w.active });
              await draw();
            } catch (e) {
              toggle.disabled = false;
              log.replaceChildren(errorBox(e));
            }
          });
          const secret = h("div", {});
          const rotate = h("button", { type: "button", "data-testid": "webhook-rotate" }, t("wh.rotate"));
          rotate.addEventListener("click", async () => {
            if (!confirm(t("wh.rotateConfirm", { url: w.url }))) return;
            try {
              const r = await request<Webhook & { secret: string }>("POST", `/webhooks/${w.id}/secret`);
              secret.replaceChildren(h("div", { class: "warning", "data-testid": "webhook-secret" }, t("wh.copySecret"), h("code", { class: "secret" }, r.secret)));
            } catch (e) {
              secret.replaceChildren(errorBox(e));
            }
          });
          const del = h("button", { type: "button", class: "danger" }, t("common.delete"));
          del.addEventListener("click", async () => {
            if (!confirm(t("wh.deleteConfirm", { url: w.url }))) return;
            try {
              await request("DELETE", `/webhooks/${w.id}`);
              await draw();
            } catch (e) {
              log.replaceChildren(errorBox(e));
            }
          });
          return h(
            "article",
            { class: "card", "data-webhook": String(w.id) },
            h("p", {}, h("code", {}, w.url), " ", h("span", { class: w.active ? "tag state-open" : "tag state-closed" }, w.active ? t("wh.active") : t("wh.inactive"))),
            h("p", { class: "muted small" }, t("wh.events", { list: w.events.length ? w.events.join(", ") : t("wh.allEvents"), when: when(w.created_at) })),
            h("div", { class: "actions" }, show, toggle, rotate, del),
            secret,
            log,
          );
        }),
      );
    } catch (e) {
      if (!signal.aborted) list.replaceChildren(errorBox(e));
    }
  };
  onSubmit(form, msg, async () => {
    const w = await request<Webhook & { secret: string }>("POST", "/webhooks", { url: url.value.trim(), events: ["submission.graded"] });
    url.value = "";
    msg.replaceChildren(h("div", { class: "warning", "data-testid": "webhook-secret" }, t("wh.copySecret"), h("code", { class: "secret" }, w.secret)));
    await draw();
  });
  root.append(list, form);
  await draw();
};
