import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";
import { login, shot } from "./helpers";

/** A receiver on 127.0.0.1 keeping what it got (the served app allows that
 * network: test.sh sets EMBUDO_WEBHOOK_ALLOW_NETS). */
async function receiver(): Promise<{ url: string; got: { headers: http.IncomingHttpHeaders; body: any }[]; close: () => void }> {
  const got: { headers: http.IncomingHttpHeaders; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: JSON.parse(body) });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("recibido");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/embudo`, got, close: () => server.close() };
}

test("an admin adds a webhook, sends a test, sees it delivered in the log and resends it", async ({ page }) => {
  const r = await receiver();
  page.on("dialog", (d) => d.accept());
  await login(page, "admin@demo.embudo.mx");
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

  // The cloud's metadata address is refused, named.
  await page.getByLabel("URL de destino").fill("http://169.254.169.254/latest/meta-data");
  await page.getByRole("button", { name: "Agregar webhook" }).click();
  await expect(page.getByRole("alert")).toContainText("dirección interna");

  await page.getByLabel("URL de destino").fill(r.url);
  await page.getByLabel("Descripción").fill("ERP de pruebas");
  await page.getByLabel("Trato ganado").check();
  await page.getByRole("button", { name: "Agregar webhook" }).click();
  const card = page.locator(".webhook-card").filter({ hasText: r.url });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Trato ganado");
  await expect(card.locator(".badge")).toHaveText("Activo");

  await card.getByRole("button", { name: "Enviar prueba" }).click();
  await expect.poll(() => r.got.length, { timeout: 10_000 }).toBe(1);
  expect(r.got[0].body.type).toBe("webhook.test");
  expect(r.got[0].headers["webhook-signature"]).toMatch(/^v1,/);
  const id = r.got[0].headers["webhook-id"];
  await page.reload();
  const row = card.locator("tbody tr").first();
  await expect(row.locator("[data-field=state]")).toHaveText("Entregado");
  await expect(row.locator("[data-field=answer]")).toContainText("HTTP 200");
  await expect(row.locator("[data-field=answer]")).toContainText("recibido");
  await shot(page, "webhooks-desktop");

  await row.getByRole("button", { name: "Reenviar" }).click();
  await expect.poll(() => r.got.length, { timeout: 10_000 }).toBe(2);
  expect(r.got[1].headers["webhook-id"]).toBe(id);
  await page.reload();
  await expect(card.locator("tbody tr")).toHaveCount(2);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await shot(page, "webhooks-phone");
  // Paused, then deleted.
  await card.getByRole("button", { name: "Pausar" }).click();
  await expect(card.locator(".badge")).toHaveText("Pausado");
  await card.getByRole("button", { name: "Eliminar" }).click();
  await expect(page.locator(".webhook-card").filter({ hasText: r.url })).toHaveCount(0);
  r.close();
});

test("a seller has no webhooks page", async ({ page }) => {
  await login(page, "vendedor1@demo.embudo.mx");
  await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  await page.goto("/cuenta/webhooks");
  await expect(page.locator(".webhook-card")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Agregar webhook" })).toHaveCount(0);
});
