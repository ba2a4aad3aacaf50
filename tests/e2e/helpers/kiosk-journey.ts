import type { Page } from 'playwright-core';
import { onScreen } from './kiosk-harness';

/** Steps of a resident's journey on the small test hub, in English, as a person would tap them. */

export const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });

export async function startAsWalkIn(page: Page): Promise<void> {
  await button(page, 'Tap to start').click();
  await onScreen(page, 'Do you have a card?');
  await button(page, "I don't have a card, or this is my first visit").click();
  await onScreen(page, 'Your information');
}

export async function agree(page: Page, optional: boolean): Promise<void> {
  await button(page, optional ? 'Yes, you can ask' : 'No, skip them').click();
}

export async function hearAbout(page: Page, labels: string[]): Promise<void> {
  await onScreen(page, 'How did you hear about us?');
  for (const label of labels) await button(page, label).click();
  await button(page, labels.length > 0 ? 'Next' : 'Skip').click();
}

export async function chooseHelp(page: Page, labels: string[]): Promise<void> {
  await onScreen(page, 'What would you like help with today?');
  for (const label of labels) await button(page, label).click();
  await button(page, 'Next').click();
}

/** Name, language and access screens with the given name (or number only). */
export async function finishDetails(page: Page, name: string | null): Promise<void> {
  await onScreen(page, 'What should we call you?');
  if (name) {
    await page.getByLabel('First name or initials').fill(name);
    await button(page, 'Next').click();
  } else {
    await button(page, 'Just use my number').click();
  }
  await onScreen(page, 'Which language do you want to speak?');
  await button(page, 'Next').click();
  await onScreen(page, 'Do you need any of these?');
  await button(page, 'Skip').click();
  await onScreen(page, 'Check your visit');
}

/** Walk-in, no optional questions, "Money", to the name screen. */
export async function walkInToName(page: Page): Promise<void> {
  await startAsWalkIn(page);
  await agree(page, false);
  await hearAbout(page, []);
  await chooseHelp(page, ['Money']);
  await button(page, 'Skip this question').click();
  await onScreen(page, 'What should we call you?');
}

export async function confirmAndWaitForTicket(page: Page): Promise<void> {
  await button(page, 'Confirm and get my ticket').click();
  await onScreen(page, /^You are checked in/);
}
