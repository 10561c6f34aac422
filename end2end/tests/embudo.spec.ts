import { expect, Locator, Page, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

/** Drags with the mouse from the middle of one element to the top middle of
 * another (measured once the drag started: the drop zones appear then). */
async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  if (!a) throw new Error("card not visible");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
  const b = await to.boundingBox();
  if (!b) throw new Error("drop target not visible");
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 40), { steps: 8 });
  await page.mouse.up();
}

const columns = (page: Page) => page.locator("[data-drop='stage']");
const count = (column: Locator) => column.locator("[data-figure='count']");

async function countOf(column: Locator): Promise<number> {
  return parseInt((await count(column).innerText()).split(" ")[0].replace(/,/g, ""), 10);
}

test("a card dragged to the next stage moves there, for good", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  const [first, second] = [columns(page).nth(0), columns(page).nth(1)];
  const before = [await countOf(first), await countOf(second)];
  const card = first.locator("[data-deal-id]").first();
  const id = await card.getAttribute("data-deal-id");
  await shot(page, "embudo-board");
  await drag(page, card, second);
  await expect(second.locator(`[data-deal-id='${id}']`)).toHaveCount(1);
  await expect(count(first)).toHaveText(new RegExp(`^${before[0] - 1} `));
  await expect(count(second)).toHaveText(new RegExp(`^${before[1] + 1} `));
  await expect(page.getByTestId("announce")).toContainText("se movió a");
  await page.reload();
  await hydrated(page);
  await expect(columns(page).nth(1).locator(`[data-deal-id='${id}']`)).toHaveCount(1);
});

test("Mover a… moves a card with the keyboard", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  const third = columns(page).nth(2);
  const before = await countOf(third);
  const card = columns(page).nth(0).locator("[data-deal-id]").first();
  const id = await card.getAttribute("data-deal-id");
  const stageName = await third.locator("h2").innerText();
  await card.locator("select.card-move").focus();
  await card.locator("select.card-move").selectOption({ label: stageName });
  await expect(third.locator(`[data-deal-id='${id}']`)).toHaveCount(1);
  await expect(count(third)).toHaveText(new RegExp(`^${before + 1} `));
});

test("a card moved again before the server answered goes where it was moved last", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  // Every move's answer comes half a second late.
  await page.route("**/api/move_deal", async (route) => {
    await new Promise((r) => setTimeout(r, 500));
    await route.continue();
  });
  const [second, fourth] = [columns(page).nth(1), columns(page).nth(3)];
  const card = columns(page).nth(0).locator("[data-deal-id]").first();
  const id = await card.getAttribute("data-deal-id");
  await card.locator("select.card-move").selectOption({ label: await second.locator("h2").innerText() });
  const moved = second.locator(`[data-deal-id='${id}']`);
  await expect(moved).toHaveCount(1);
  await moved.locator("select.card-move").selectOption({ label: await fourth.locator("h2").innerText() });
  await expect(fourth.locator(`[data-deal-id='${id}']`)).toHaveCount(1);
  // Both answered, neither refused as stale: the page and a reload agree.
  await expect(page.getByTestId("announce")).toContainText(await fourth.locator("h2").innerText());
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.unroute("**/api/move_deal");
  await page.reload();
  await hydrated(page);
  await expect(columns(page).nth(3).locator(`[data-deal-id='${id}']`)).toHaveCount(1);
});

test("No ganado asks for a reason; cancelling puts the card back", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  const first = columns(page).nth(0);
  const card = first.locator("[data-deal-id]").first();
  const id = await card.getAttribute("data-deal-id");
  const key = await card.locator(".card-key").innerText();
  await drag(page, card, page.locator("[data-drop='lost']"));
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(page.locator(`[data-deal-id='${id}']`)).toHaveCount(0);
  await shot(page, "embudo-lost-dialog");
  await dialog.getByRole("button", { name: "Cancelar" }).click();
  await expect(first.locator(`[data-deal-id='${id}']`)).toHaveCount(1);

  // Again, and this time confirm: a reason is required.
  const before = await countOf(first);
  await drag(page, first.locator(`[data-deal-id='${id}']`), page.locator("[data-drop='lost']"));
  await dialog.getByRole("button", { name: "Confirmar" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Elige el motivo");
  const reason = await dialog.getByLabel("Motivo").locator("option").nth(1).innerText();
  await dialog.getByLabel("Motivo").selectOption({ index: 1 });
  await dialog.getByLabel("Nota (opcional)").fill("Se fue con la competencia");
  await dialog.getByRole("button", { name: "Confirmar" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("announce")).toContainText("no ganado");
  await expect(count(first)).toHaveText(new RegExp(`^${before - 1} `));
  await page.reload();
  await hydrated(page);
  await expect(page.locator(`[data-deal-id='${id}']`)).toHaveCount(0);
  // Its history tells the loss, with the reason chosen.
  await page.goto(`/crm/tratos/${key}`);
  await expect(page.locator("[data-history='Lost']")).toContainText(reason);
  await expect(page.locator(".facts")).toContainText("Se fue con la competencia");
});

test("a move on a stale card is refused and the board shows the truth", async ({ browser }) => {
  const one = await browser.newPage();
  const two = await browser.newPage();
  // The second board misses the live update (as after a network hiccup).
  await two.route("**/api/live/board", (route) => route.abort());
  for (const p of [one, two]) {
    await login(p, "gerente@demo.embudo.mx");
    await p.goto("/crm/embudo");
    await hydrated(p);
  }
  const card = (p: Page) => columns(p).nth(0).locator("[data-deal-id]").first();
  const id = await card(one).getAttribute("data-deal-id");
  const stage = (p: Page, n: number) => columns(p).nth(n).locator("h2").innerText();
  // The first browser moves it to stage 2; the second, still seeing it in
  // stage 1, tries stage 3.
  await card(one).locator("select.card-move").selectOption({ label: await stage(one, 1) });
  await expect(columns(one).nth(1).locator(`[data-deal-id='${id}']`)).toHaveCount(1);
  await expect(one.getByTestId("announce")).toContainText("se movió a");
  const stale = two.locator(`[data-deal-id='${id}']`);
  await stale.locator("select.card-move").selectOption({ label: await stage(two, 2) });
  await expect(two.getByRole("alert")).toContainText("Otra persona cambió este trato");
  await expect(columns(two).nth(1).locator(`[data-deal-id='${id}']`)).toHaveCount(1);
  await expect(columns(two).nth(2).locator(`[data-deal-id='${id}']`)).toHaveCount(0);
  await shot(two, "embudo-conflict");
  await one.close();
  await two.close();
});

test("a vendedor sees only their own deals; the filters live in the address", async ({ page }) => {
  await login(page, "vendedor1@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  const avatars = page.locator("[data-deal-id] .avatar");
  await expect(avatars.first()).toBeVisible();
  const owners = new Set(await avatars.evaluateAll((els) => els.map((e) => e.getAttribute("title"))));
  expect([...owners]).toEqual(["Valeria Hernández"]);
  await expect(page.locator("select[name='owner']")).toHaveCount(0);
  const title = await page.locator("[data-deal-id] .card-title").first().innerText();
  const word = title.split(" ")[0];
  await page.getByLabel("Buscar").fill(word);
  await page.getByRole("button", { name: "Aplicar" }).click();
  await page.waitForURL(/q=/);
  const titles = await page.locator("[data-deal-id] .card-title").allInnerTexts();
  expect(titles.length).toBeGreaterThan(0);
  for (const t of titles) expect(t.toLowerCase()).toContain(word.toLowerCase());
  await shot(page, "embudo-vendedor-search");
});

test("the board works at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  await expect(columns(page).first()).toBeVisible();
  await shot(page, "embudo-phone");
});

test("another user's move shows on an open board within a second", async ({ browser }) => {
  const watcher = await (await browser.newContext()).newPage();
  const mover = await (await browser.newContext()).newPage();
  await login(watcher, "gerente@demo.embudo.mx");
  await watcher.goto("/crm/embudo");
  await hydrated(watcher);
  await login(mover, "admin@demo.embudo.mx");
  await mover.goto("/crm/embudo");
  await hydrated(mover);
  const card = columns(mover).nth(0).locator("[data-deal-id]").first();
  const id = await card.getAttribute("data-deal-id");
  await expect(columns(watcher).nth(3).locator(`[data-deal-id='${id}']`)).toHaveCount(0);
  await card.locator("select.card-move").selectOption({ label: await columns(mover).nth(3).locator("h2").innerText() });
  await expect(mover.getByTestId("announce")).toContainText("se movió a");
  await expect(columns(watcher).nth(3).locator(`[data-deal-id='${id}']`)).toHaveCount(1, { timeout: 1000 });
  await watcher.context().close();
  await mover.context().close();
});

test("a card opens its deal page: history, a comment, reopening", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  const card = columns(page).nth(1).locator("[data-deal-id]").first();
  const title = await card.locator(".card-title").innerText();
  await card.locator(".card-title").click();
  await page.waitForURL(/\/crm\/tratos\/T-\d+$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator("[data-history='Created']")).toHaveCount(1);
  await page.getByLabel("Escribe un comentario").fill("Confirmar precio con compras");
  await page.getByRole("button", { name: "Comentar" }).click();
  await expect(page.locator(".comment-body").last()).toHaveText("Confirmar precio con compras");
  await shot(page, "trato");

  // Win it from the board, then reopen it from its page.
  // (A plain form's post comes back to the page, maybe with an empty "?".)
  const key = new URL(page.url()).pathname.split("/").pop();
  await page.goto("/crm/embudo");
  await hydrated(page);
  const again = page.locator(`[data-deal-id]`, { has: page.locator(`text=${key}`) });
  await again.locator("select.card-move").selectOption({ label: "Ganado" });
  // Ganado asks for the close day (today by default, never later) and the
  // final value.
  const won = page.getByRole("dialog");
  await expect(won.getByLabel("Valor final (antes de IVA)")).not.toHaveValue("");
  const today = await won.getByLabel("Fecha de cierre").inputValue();
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // The browser offers no later day (the server refuses one too).
  await expect(won.getByLabel("Fecha de cierre")).toHaveJSProperty("max", today);
  await won.getByLabel("Valor final (antes de IVA)").fill("98765.40");
  await shot(page, "embudo-ganado");
  await won.getByRole("button", { name: "Confirmar" }).click();
  await expect(page.getByTestId("announce")).toContainText("ganado");
  await page.goto(`/crm/tratos/${key}`);
  await hydrated(page);
  await expect(page.locator("[data-history='Won']")).toHaveCount(1);
  await expect(page.locator(".facts")).toContainText("98,765.40");
  await page.getByRole("button", { name: "Reabrir trato" }).click();
  await expect(page.locator("[data-history='Reopened']")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Reabrir trato" })).toHaveCount(0);
});

test("Nuevo trato explains every wrong field, then creates the deal", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  const first = columns(page).nth(0);
  const before = await countOf(first);
  await page.getByRole("button", { name: "Nuevo trato" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Valor").fill("12.345");
  await dialog.getByRole("button", { name: "Crear trato" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "título" })).toBeVisible();
  await expect(dialog.getByRole("alert").filter({ hasText: "2 decimales" })).toBeVisible();
  await shot(page, "embudo-nuevo-trato-errores");
  await dialog.getByLabel("Título").fill("Licencias anuales · Prueba");
  await dialog.getByLabel("Valor").fill("12,500.50");
  await dialog.getByRole("button", { name: "Crear trato" }).click();
  await page.waitForLoadState("load");
  await hydrated(page);
  await expect(count(columns(page).nth(0))).toHaveText(new RegExp(`^${before + 1} `));
  await expect(page.locator("[data-deal-id]", { hasText: "Licencias anuales · Prueba" })).toHaveCount(1);
});

test("Tratos lists the deals, sorted and filtered through the address", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/tratos");
  await hydrated(page);
  await expect(page.locator("tbody tr")).toHaveCount(50);
  await page.getByRole("link", { name: "Valor" }).click();
  await page.waitForURL(/sort=value/);
  const values = await page.locator("tbody td.num").allInnerTexts();
  const amounts = values.map((v) => Number(v.replace(/[$,]/g, "")));
  expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  await page.getByLabel("Responsable").selectOption({ label: "Sofía Castillo" });
  await page.getByLabel("Estado").selectOption({ label: "Ganado" });
  await page.getByRole("button", { name: "Aplicar" }).click();
  await page.waitForURL(/status=won/);
  const states = await page.locator("tbody tr td:nth-child(5)").allInnerTexts();
  expect(states.length).toBeGreaterThan(0);
  for (const s of states) expect(s).toBe("Ganado");
  const owners = await page.locator("tbody tr td:nth-child(6)").allInnerTexts();
  for (const o of owners) expect(o).toBe("Sofía Castillo");
  await shot(page, "tratos");
});

test("Tratos pages forward and back and finds deals by any part of their text", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/tratos?sort=value");
  await hydrated(page);
  const firstKeys = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-deal-key")));
  expect(firstKeys).toHaveLength(50);
  await expect(page.getByRole("link", { name: "← Anteriores" })).toHaveCount(0);
  await page.getByRole("link", { name: "Siguientes →" }).click();
  await page.waitForURL(/after=/);
  const secondKeys = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-deal-key")));
  expect(secondKeys).toHaveLength(50);
  expect(secondKeys.filter((k) => firstKeys.includes(k))).toEqual([]);
  await page.getByRole("link", { name: "← Anteriores" }).click();
  await page.waitForURL(/before=/);
  const again = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-deal-key")));
  expect(again).toEqual(firstKeys);

  // Accents and case do not matter; the organization counts; newest first.
  await page.getByLabel("Buscar").fill("CONSULTORIA");
  await page.getByRole("button", { name: "Aplicar" }).click();
  await page.waitForURL(/q=CONSULTORIA/);
  await expect(page.locator("p[data-total]")).toContainText("los más recientes primero");
  const texts = await page.locator("tbody tr").evaluateAll((rows) =>
    rows.map((r) => (r.textContent ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()),
  );
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) expect(t).toContain("consultoria");
  await shot(page, "tratos-busqueda");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "tratos-busqueda-phone");
  await page.getByLabel("Buscar").fill("de");
  await page.getByRole("button", { name: "Aplicar" }).click();
  await expect(page.locator("p.muted[role=status]")).toHaveText("Escribe al menos 3 letras o cifras para buscar.");
});

test("a card dragged within its column keeps its new place", async ({ page }) => {
  // Tall enough that the drop zones (sticky at the bottom) stay clear of the cards.
  await page.setViewportSize({ width: 1400, height: 1600 });
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  const column = columns(page).nth(0);
  const ids = async () => column.locator("[data-deal-id]").evaluateAll((els) => els.slice(0, 4).map((e) => e.getAttribute("data-deal-id")));
  const [a, b, c, d] = await ids();
  // Take the first card below the third one (the lower half of the third).
  const card = column.locator(`[data-deal-id='${a}']`);
  const from = await card.boundingBox();
  if (!from) throw new Error("card not visible");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  const third = await column.locator(`[data-deal-id='${c}']`).boundingBox();
  if (!third) throw new Error("third card not visible");
  await page.mouse.move(third.x + third.width / 2, third.y + third.height * 0.8, { steps: 8 });
  await page.mouse.up();
  await expect.poll(ids).toEqual([b, c, a, d]);
  await page.reload();
  await hydrated(page);
  await expect.poll(ids).toEqual([b, c, a, d]);
});

test("a finger drags a card to another stage (touch)", async ({ browser }) => {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 900, height: 800 } });
  const page = await context.newPage();
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  const [first, second] = [columns(page).nth(0), columns(page).nth(1)];
  const before = await countOf(second);
  const card = first.locator("[data-deal-id]").first();
  const id = await card.getAttribute("data-deal-id");
  const a = await card.boundingBox();
  if (!a) throw new Error("card not visible");
  const cdp = await context.newCDPSession(page);
  const touch = (type: string, x: number, y: number) =>
    cdp.send("Input.dispatchTouchEvent", {
      type,
      touchPoints: type === "touchEnd" ? [] : [{ x: Math.round(x), y: Math.round(y) }],
    });
  let [x, y] = [a.x + a.width / 2, a.y + a.height / 2];
  await touch("touchStart", x, y);
  for (let i = 1; i <= 3; i++) await touch("touchMove", x + 4 * i, y + 4 * i);
  const b = await second.boundingBox();
  if (!b) throw new Error("column not visible");
  const [tx, ty] = [b.x + b.width / 2, b.y + Math.min(b.height / 2, 60)];
  for (let i = 1; i <= 10; i++) {
    await touch("touchMove", x + ((tx - x) * i) / 10, y + ((ty - y) * i) / 10);
  }
  [x, y] = [tx, ty];
  await touch("touchEnd", x, y);
  await expect(second.locator(`[data-deal-id='${id}']`)).toHaveCount(1);
  await expect(count(second)).toHaveText(new RegExp(`^${before + 1} `));
  await page.reload();
  await hydrated(page);
  await expect(columns(page).nth(1).locator(`[data-deal-id='${id}']`)).toHaveCount(1);
  await context.close();
});

test("Editar trato names every wrong field, then saves each change to the history", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  await columns(page).nth(2).locator("[data-deal-id] .card-title").first().click();
  await page.waitForURL(/\/crm\/tratos\/T-\d+$/);
  await hydrated(page);
  await page.getByRole("button", { name: "Editar" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Título").fill("");
  await dialog.getByLabel("Valor").fill("-3");
  await dialog.getByLabel("Moneda").selectOption("USD");
  await dialog.getByRole("button", { name: "Guardar cambios" }).click();
  await expect(dialog.locator("[data-error-for='title']")).toContainText("título");
  await expect(dialog.locator("[data-error-for='value']")).toContainText("negativo");
  await expect(dialog.locator("[data-error-for='exchange_rate']")).toContainText("tipo de cambio");
  await shot(page, "trato-editar-errores");
  await dialog.getByLabel("Título").fill("Renovación anual · Editada");
  await dialog.getByLabel("Valor").fill("2,000.50");
  await dialog.getByLabel(/Tipo de cambio/).fill("17.25");
  await dialog.getByLabel("Cierre previsto (opcional)").fill("2026-12-31");
  await dialog.getByRole("button", { name: "Guardar cambios" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Renovación anual · Editada");
  await expect(page.locator("[data-history='TitleChanged']")).toHaveCount(1);
  await expect(page.locator("[data-history='CurrencyChanged']")).toContainText("MXN → USD");
  await expect(page.locator("[data-history='CloseDateChanged']")).toHaveCount(1);
  await expect(page.locator(".facts")).toContainText(/USD\s2,000\.50/);
  await shot(page, "trato-editado");
});

test("a long column pages as it scrolls and keeps the card in view in place", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const pipeline = `Paginado ${stamp}`;
  await login(page, "admin@demo.embudo.mx");
  await page.goto("/configuracion");
  await page.getByPlaceholder("Nuevo embudo").fill(pipeline);
  await page.getByRole("button", { name: "Agregar embudo" }).click();
  const card = page.locator(".pipeline-card").filter({ has: page.locator(`input[value='${pipeline}']`) });
  const id = await card.getAttribute("data-pipeline-id");
  // 130 open deals in its first stage, through the import page.
  const header = "key,title,value,currency,pipeline,stage,status,owner_email,organization,contact_email,created_at,won_at,lost_at,lost_reason,expected_close_date";
  const rows = Array.from({ length: 130 }, (_, i) =>
    `,Trato ${stamp} ${String(i + 1).padStart(3, "0")},100,,${pipeline},Contacto inicial,open,admin@demo.embudo.mx,,,2026-02-03,,,,`);
  await page.goto("/crm/importar");
  await hydrated(page);
  await page.getByLabel("Archivo CSV").setInputFiles({
    name: "tratos.csv", mimeType: "text/csv", buffer: Buffer.from([header, ...rows].join("\n") + "\n"),
  });
  await page.getByRole("button", { name: "Importar" }).click();
  await expect(page.getByTestId("import-result")).toContainText("Tratos nuevos: 130");

  await page.goto(`/crm/embudo?pipeline=${id}`);
  await hydrated(page);
  const cards = columns(page).nth(0).locator(".column-cards");
  const shown = () => cards.locator("[data-deal-id]").count();
  await expect(count(columns(page).nth(0))).toHaveText("130 tratos");
  await expect.poll(shown).toBe(40);
  // Down: the next pages come, the column keeps a window of 60 cards.
  for (const expected of [60, 60]) {
    await cards.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect.poll(shown).toBe(expected);
    await page.waitForTimeout(200);
  }
  await expect(cards.getByRole("button", { name: "Cargar anteriores" })).toBeVisible();
  // Up to the very top: earlier cards come above, the card in view stays.
  const before = await cards.evaluate((el) => {
    el.scrollTop = 0;
    const top = el.getBoundingClientRect().top;
    const card = [...el.querySelectorAll<HTMLElement>("[data-deal-id]")][0];
    return { id: card.dataset.dealId, y: card.getBoundingClientRect().top - top };
  });
  await expect.poll(() => cards.locator("[data-deal-id]").first().getAttribute("data-deal-id")).not.toBe(before.id);
  const after = await cards.evaluate((el, id) => {
    const card = el.querySelector<HTMLElement>(`[data-deal-id='${id}']`);
    return card ? card.getBoundingClientRect().top - el.getBoundingClientRect().top : null;
  }, before.id);
  expect(after).not.toBeNull();
  expect(Math.abs((after as number) - before.y)).toBeLessThan(3);
  expect(await shown()).toBe(60);
});
