// The account page (profile, API keys for interviewers) and the admin's
// user list.
import { get, query, request, user, type List, type User } from "../api";
import { errorBox, h, loading } from "../dom";
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
  return iso ? new Date(iso).toLocaleString() : "—";
}

export const accountView: View = async (root, _p, _q, signal) => {
  const u = user();
  root.append(h("h2", {}, "Account"));
  if (!u) {
    root.append(h("p", { class: "warning" }, h("a", { href: "/login?next=%2Faccount" }, "Sign in"), " to see your account."));
    return;
  }
  root.append(
    h("dl", { class: "facts card" }, h("dt", {}, "Name"), h("dd", {}, u.name), h("dt", {}, "Email"), h("dd", {}, u.email), h("dt", {}, "Role"), h("dd", { "data-testid": "role" }, u.role)),
  );
  if (u.role !== "interviewer" && u.role !== "admin") return;

  // API keys, for LMS integrations.
  const list = h("div", { "data-testid": "api-keys" }, loading());
  const name = h("input", { type: "text", name: "name", required: true, maxlength: 100, placeholder: "e.g. Moodle" });
  const days = h("input", { type: "number", name: "expires_in_days", min: 0, max: 3650, value: 365 });
  const boxes = SCOPES.map((s) => h("input", { type: "checkbox", value: s, checked: s === "read" }));
  const msg = h("div", {});
  const form = h(
    "form",
    { class: "card inline-form", "data-testid": "key-form" },
    h("h3", {}, "New API key"),
    h("label", { class: "field" }, h("span", {}, "Name"), name),
    h("label", { class: "field" }, h("span", {}, "Expires in days (0: never)"), days),
    h("fieldset", {}, h("legend", {}, "Scopes"), boxes.map((b) => h("label", { class: "pick" }, b, " ", b.value, " "))),
    h("button", { type: "submit", class: "primary" }, "Create"),
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
              h("thead", {}, h("tr", {}, ["name", "key", "scopes", "created", "last used", "expires", ""].map((t) => h("th", {}, t)))),
              h(
                "tbody",
                {},
                keys.map((k) => {
                  const revoke = h("button", { type: "button", class: "link" }, "Revoke");
                  revoke.addEventListener("click", async () => {
                    if (!confirm(`Revoke the key "${k.name}"? Integrations using it stop working.`)) return;
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
                    h("td", {}, k.revoked_at ? `revoked ${when(k.revoked_at)}` : revoke),
                  );
                }),
              ),
            )
          : h("p", { class: "empty" }, "No API keys."),
      );
    } catch (e) {
      if (!signal.aborted) list.replaceChildren(errorBox(e));
    }
  };
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    msg.replaceChildren();
    try {
      const scopes = boxes.filter((b) => b.checked).map((b) => b.value);
      const k = await request<APIKey & { key: string }>("POST", "/api-keys", { name: name.value.trim(), scopes, expires_in_days: Number(days.value || 0) });
      name.value = "";
      msg.replaceChildren(
        h("div", { class: "warning", "data-testid": "new-key" }, "Copy the key now: it is not shown again. ", h("code", { class: "secret" }, k.key)),
      );
      await draw();
    } catch (e) {
      msg.replaceChildren(errorBox(e));
    }
  });
  root.append(
    h("h3", {}, "Integrations"),
    h("p", {}, h("a", { href: "/webhooks", "data-testid": "webhooks-link" }, "Webhooks"), h("span", { class: "muted" }, ": be told when a submission is graded.")),
  );
  root.append(h("h3", {}, "API keys"), h("p", { class: "muted" }, "For LMS and other integrations: send the key as ", h("code", {}, "Authorization: Bearer gp_…"), "."), list, form);
  await draw();
};

export const adminUsersView: View = async (root, _p, q, signal) => {
  root.append(h("h2", {}, "Users"));
  if (user()?.role !== "admin") {
    root.append(h("p", { class: "warning" }, "Only admins manage users."));
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
        h("thead", {}, h("tr", {}, ["name", "email", "role", "disabled", "created"].map((t) => h("th", {}, t)))),
        h(
          "tbody",
          {},
          page.items.map((u) => {
            const msg = h("span", {});
            const role = h("select", { "aria-label": `Role of ${u.email}` }, ["candidate", "interviewer", "admin"].map((r) => h("option", { value: r, selected: r === u.role }, r)));
            const disabled = h("input", { type: "checkbox", checked: !!u.disabled, "aria-label": `Disable ${u.email}` });
            const patch = async (body: Record<string, unknown>) => {
              msg.replaceChildren();
              try {
                await request("PATCH", `/admin/users/${u.id}`, body);
                msg.replaceChildren(h("span", { class: "muted" }, " saved"));
              } catch (e) {
                msg.replaceChildren(errorBox(e));
              }
            };
            role.addEventListener("change", () => void patch({ role: role.value }));
            disabled.addEventListener("change", () => void patch({ disabled: disabled.checked }));
            return h("tr", {}, h("td", {}, u.name), h("td", {}, u.email), h("td", {}, role, msg), h("td", {}, disabled), h("td", { class: "muted" }, when(u.created_at)));
          }),
        ),
      ),
      page.next ? h("p", {}, h("a", { href: `/admin/users?cursor=${encodeURIComponent(page.next)}` }, "Next page")) : "",
    );
  } catch (e) {
    if (!signal.aborted) body.replaceChildren(errorBox(e));
  }
};
