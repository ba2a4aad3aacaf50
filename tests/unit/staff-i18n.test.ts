import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The staff screens speak English and Welsh through resources/i18n/staff: the screens converted so
 * far keep no English of their own. A scan of their syntax tree: text between JSX tags, words in
 * the attributes people read (labels, titles, placeholders), and sentences in strings.
 * (Key, plural and placeholder parity between en and cy is checked in i18n-keys.test.ts.)
 */

const converted = [
  'src-renderer/kiosk/KioskPairing.tsx',
  'src-renderer/kiosk/PairingStaffForm.tsx',
  'src-renderer/staff/AlertsBanner.tsx',
  'src-renderer/staff/CallChosenDialog.tsx',
  'src-renderer/staff/CheckInDialog.tsx',
  'src-renderer/staff/ConfirmDialog.tsx',
  'src-renderer/staff/FinishDialog.tsx',
  'src-renderer/staff/IdleGuard.tsx',
  'src-renderer/staff/JourneyFields.tsx',
  'src-renderer/staff/ManagerShell.tsx',
  'src-renderer/staff/PartnerConsole.tsx',
  'src-renderer/staff/ReceptionConsole.tsx',
  'src-renderer/staff/SearchDialog.tsx',
  'src-renderer/staff/SetupForm.tsx',
  'src-renderer/staff/ServiceColumn.tsx',
  'src-renderer/staff/ServicePickDialog.tsx',
  'src-renderer/staff/ShortcutsDialog.tsx',
  'src-renderer/staff/SignInScreen.tsx',
  'src-renderer/staff/StaffGate.tsx',
  'src-renderer/staff/StaffHeader.tsx',
  'src-renderer/staff/StaffNeedsReload.tsx',
  'src-renderer/staff/StaffSignInActions.tsx',
  'src-renderer/staff/TicketActionPanel.tsx',
  'src-renderer/staff/TicketCard.tsx',
  'src-renderer/staff/TicketDialogs.tsx',
  'src-renderer/staff/Toasts.tsx',
  'src-renderer/staff/staff-language.tsx',
  'src-renderer/staff/session.ts',
  'src-renderer/staff/text.ts',
  'src-renderer/staff/waits.ts',
  'src-renderer/staff/manager/AuditLogPanel.tsx',
  'src-renderer/staff/manager/audit-text.ts',
  'src-renderer/staff/manager/figure-text.ts',
  'src-renderer/staff/manager/privacy-text.ts',
  'src-renderer/staff/manager/PrivacyPanel.tsx',
  'src-renderer/staff/manager/EventsPanel.tsx',
  'src-renderer/staff/manager/FunderReturnPanel.tsx',
  'src-renderer/staff/manager/KiosksPanel.tsx',
  'src-renderer/staff/manager/ReportsPanel.tsx',
  'src-renderer/staff/manager/StaffAccountsPanel.tsx',
  'src-renderer/staff/manager/SyncStatusPanel.tsx',
  'src-renderer/staff/manager/TodayPanel.tsx',
  'src-renderer/staff/useTicketActions.ts',
];

/** Attributes a person reads or hears. */
const readAttributes = new Set(['aria-label', 'title', 'placeholder', 'label', 'confirmLabel', 'alt', 'reloadLabel', 'message']);
/** Two words or more of letters: a sentence or a label, not a key, class name or code. */
const words = /[A-Za-z]{2,}[^\S\n]+[A-Za-z]{2,}/;
const oneWord = /[A-Za-z]{2,}/;

function isClassName(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isJsxAttribute(n)) return /className$/i.test(n.name.getText());
    if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isBlock(n)) return false;
  }
  return false;
}

/** English a person would read, left in the source: JSX text, read attributes, sentences in strings. */
function englishIn(path: string): string[] {
  const text = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && oneWord.test(node.text)) found.push(`text: ${node.text.trim()}`);
    else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer) && readAttributes.has(node.name.getText()) && oneWord.test(node.initializer.text)) {
      found.push(`${node.name.getText()}="${node.initializer.text}"`);
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      !ts.isImportDeclaration(node.parent) &&
      !ts.isLiteralTypeNode(node.parent) &&
      // Other attributes given as strings are for the browser (class names, aria-relevant, types).
      !ts.isJsxAttribute(node.parent)
    ) {
      if (words.test(node.text) && !isClassName(node)) found.push(`string: ${node.text}`);
    } else if (ts.isTemplateExpression(node) && !isClassName(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
      if (words.test(parts)) found.push(`template: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('staff screens converted to the staff translations', () => {
  for (const path of converted) {
    it(`${path} has no English of its own`, () => {
      expect(englishIn(path)).toEqual([]);
    });
  }
});
