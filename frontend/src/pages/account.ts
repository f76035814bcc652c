// The account page (profile, API keys for interviewers) and the admin's
// user list.
import { get, query, request, user, type List, type User } from "../api";
import { errorBox, h, loading, onSubmit } from "../dom";
import { date, t, tOr, tParts } from "../i18n";
import { type View } from "../router";

interface APIKey {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at?: string;
  expires_at?: string;
  revoked_at?: string;
}

const SCOPES = ["read", "submit", "assignments", "webhooks", "grades", "users"] as const;

function when(iso: string | undefined): string {
  return iso ? date(iso) : "—";
}

export const accountView: View = async (root, _p, _q, signal) => {
  const u = user();
  root.append(h("h2", {}, t("account.title")));
  if (!u) {
    root.append(h("p", { class: "warning" }, ...tParts("auth.signInTo", { link: h("a", { href: "/login?next=%2Faccount" }, t("common.signIn")), what: t("auth.toAccount") })));
    return;
  }
  root.append(
    h("dl", { class: "facts card" }, h("dt", {}, t("common.name")), h("dd", {}, u.name), h("dt", {}, t("common.email")), h("dd", {}, u.email), h("dt", {}, t("account.role")), h("dd", { "data-testid": "role", "data-role": u.role }, tOr("role.", u.role))),
  );
  if (u.role !== "interviewer" && u.role !== "admin") return;

  // API keys, for LMS integrations.
  const list = h("div", { "data-testid": "api-keys" }, loading());
  const name = h("input", { type: "text", name: "name", required: true, maxlength: 100, placeholder: t("account.keyPlaceholder") });
  const days = h("input", { type: "number", name: "expires_in_days", min: 0, max: 3650, value: 365 });
  const boxes = SCOPES.map((s) => h("input", { type: "checkbox", value: s, checked: s === "read" }));
  const msg = h("div", {});
  const form = h(
    "form",
    { class: "card inline-form", "data-testid": "key-form" },
    h("h3", {}, t("account.newKey")),
    h("label", { class: "field" }, h("span", {}, t("common.name")), name),
    h("label", { class: "field" }, h("span", {}, t("account.expires")), days),
    h("fieldset", {}, h("legend", {}, t("account.scopes")), boxes.map((b) => h("label", { class: "pick" }, b, " ", b.value, " "))),
    h("button", { type: "submit", class: "primary" }, t("common.create")),
    msg,
  );
  const draw = async () => {
    try {
      const keys = (await get<List<APIKey> | { items: APIKey[] }>("/api-keys", { signal })).items ?? [];
      list.replaceChildren(
        keys.length
          ? h(
              "table",
              {},
              h("thead", {}, h("tr", {}, [t("account.colName"), t("account.colKey"), t("account.colScopes"), t("account.colCreated"), t("account.colLastUsed"), t("account.colExpires"), ""].map((s) => h("th", {}, s)))),
              h(
                "tbody",
                {},
                keys.map((k) => {
                  const revoke = h("button", { type: "button", class: "link" }, t("account.revoke"));
                  revoke.addEventListener("click", async () => {
                    if (!confirm(t("account.revokeConfirm", { name: k.name }))) return;
                    try {
                      await request("DELETE", `/api-keys/${k.id}`);
                      await draw();
                    } catch (e) {
                      msg.replaceChildren(errorBox(e));
                    }
                  });
                  return h(
                    "tr",
                    { class: k.revoked_at ? "muted" : "" },
                    h("td", {}, k.name),
                    h("td", {}, h("code", {}, `${k.prefix}…`)),
                    h("td", {}, k.scopes.join(", ")),
                    h("td", {}, when(k.created_at)),
                    h("td", {}, when(k.last_used_at)),
                    h("td", {}, when(k.expires_at)),
                    h("td", {}, k.revoked_at ? `${t("account.revoked")} ${when(k.revoked_at)}` : revoke),
                  );
                }),
              ),
            )
          : h("p", { class: "empty" }, t("account.noKeys")),
      );
    } catch (e) {
      if (!signal.aborted) list.replaceChildren(errorBox(e));
    }
  };
  onSubmit(form, msg, async () => {
    const scopes = boxes.filter((b) => b.checked).map((b) => b.value);
    const k = await request<APIKey & { key: string }>("POST", "/api-keys", { name: name.value.trim(), scopes, expires_in_days: Number(days.value || 0) });
    name.value = "";
    msg.replaceChildren(
      h("div", { class: "warning", "data-testid": "new-key" }, t("account.copyKey"), h("code", { class: "secret" }, k.key)),
    );
    await draw();
  });
  root.append(
    h("h3", {}, t("account.integrations")),
    h("p", {}, h("a", { href: "/webhooks", "data-testid": "webhooks-link" }, t("account.webhooks")), h("span", { class: "muted" }, t("account.webhooksHint"))),
  );
  root.append(h("h3", {}, t("account.apiKeys")), h("p", { class: "muted" }, ...tParts("account.apiKeysHint", { header: h("code", {}, "Authorization: Bearer gp_…") })), list, form);
  await draw();
};

export const adminUsersView: View = async (root, _p, q, signal) => {
  root.append(h("h2", {}, t("users.title")));
  if (user()?.role !== "admin") {
    root.append(h("p", { class: "warning" }, t("users.onlyAdmins")));
    return;
  }
  const body = h("div", { "data-testid": "users" }, loading());
  root.append(body);
  const cursor = q.get("cursor") ?? "";
  try {
    const page = await get<List<User & { disabled?: boolean; created_at: string }>>(`/admin/users${query({ limit: 50, cursor })}`, { signal });
    body.replaceChildren(
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, [t("users.colName"), t("users.colEmail"), t("users.colRole"), t("users.colDisabled"), t("users.colCreated")].map((s) => h("th", {}, s)))),
        h(
          "tbody",
          {},
          page.items.map((u) => {
            const msg = h("span", {});
            const role = h("select", { "aria-label": t("users.roleOf", { email: u.email }) }, ["candidate", "interviewer", "admin"].map((r) => h("option", { value: r, selected: r === u.role }, tOr("role.", r))));
            const disabled = h("input", { type: "checkbox", checked: !!u.disabled, "aria-label": t("users.disable", { email: u.email }) });
            const patch = async (body: Record<string, unknown>) => {
              msg.replaceChildren();
              try {
                await request("PATCH", `/admin/users/${u.id}`, body);
                msg.replaceChildren(h("span", { class: "muted" }, t("users.saved")));
              } catch (e) {
                msg.replaceChildren(errorBox(e));
              }
            };
            role.addEventListener("change", () => void patch({ role: role.value }));
            disabled.addEventListener("change", () => void patch({ disabled: disabled.checked }));
            return h("tr", {}, h("td", {}, u.name, u.state === "invited" ? [" ", h("span", { class: "tag", title: t("sets.invitedHint") }, t("sets.invited"))] : null), h("td", {}, u.email), h("td", {}, role, msg), h("td", {}, disabled), h("td", { class: "muted" }, when(u.created_at)));
          }),
        ),
      ),
      page.next ? h("p", {}, h("a", { href: `/admin/users?cursor=${encodeURIComponent(page.next)}` }, t("users.next"))) : "",
    );
  } catch (e) {
    if (!signal.aborted) body.replaceChildren(errorBox(e));
  }
};
