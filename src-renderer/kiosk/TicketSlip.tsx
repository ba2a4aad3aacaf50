import QRCode from 'qrcode';
import { Fragment } from 'react';
import type { TicketBlock, TicketLayout } from '../../src-shared/devices/ticket-layout';

/**
 * The printed ticket on screen: the same layout the printer prints (src-shared/devices/ticket-layout),
 * so what the resident sees and what is on the paper never disagree. A service's lines form a card.
 */
export function TicketSlip({ layout, colours }: { layout: TicketLayout; colours: (stop: number) => string | undefined }) {
  type Text = Extract<TicketBlock, { kind: 'text' }>;
  const before: TicketBlock[] = [];
  const stops: Text[][] = [];
  const after: TicketBlock[] = [];
  for (const block of layout.blocks) {
    if (block.kind === 'text' && block.stop !== undefined) (stops[block.stop] ??= []).push(block);
    else (stops.length === 0 ? before : after).push(block);
  }
  return (
    <article className="ticket-slip" lang={layout.language} dir={layout.direction}>
      {before.map((block, i) => (
        <SlipBlock key={`b${i}`} block={block} />
      ))}
      <ol className="ticket-list" role="list">
        {stops.map((lines, i) => {
          const colour = colours(i);
          return (
            <li key={i} className="ticket-card" style={colour ? { borderInlineStartColor: colour } : undefined}>
              {lines.map((block, j) => (
                <SlipBlock key={j} block={block} />
              ))}
            </li>
          );
        })}
      </ol>
      {after.map((block, i) => (
        <SlipBlock key={`a${i}`} block={block} />
      ))}
    </article>
  );
}

function SlipBlock({ block }: { block: TicketBlock }) {
  switch (block.kind) {
    case 'rule':
      return null;
    case 'qr':
      return <QrCode payload={block.payload} />;
    case 'text':
      switch (block.role) {
        case 'number':
          return (
            <span className="ticket-number" dir="ltr">
              {block.text}
            </span>
          );
        case 'number-label':
        case 'services':
          return <span className="ticket-label">{block.text}</span>;
        case 'service':
          return <span className="ticket-service">{block.text}</span>;
        case 'where':
        case 'place':
          return <span className={`ticket-detail ticket-${block.role}`}>{block.text}</span>;
        case 'wait':
          return <span className="ticket-wait">{block.text}</span>;
        case 'next-heading':
          return <h2>{block.text}</h2>;
        default:
          return <p className={`ticket-slip-${block.role}`}>{block.text}</p>;
      }
    default:
      return <Fragment />;
  }
}

/** The ticket's QR code, as printed: scanning it at the kiosk says "you are already checked in". */
function QrCode({ payload }: { payload: string }) {
  const modules = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
  let path = '';
  for (let y = 0; y < modules.size; y++) for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) path += `M${x + 4} ${y + 4}h1v1h-1z`;
  const side = modules.size + 8;
  return (
    <svg className="ticket-qr" viewBox={`0 0 ${side} ${side}`} role="img" aria-hidden="true" shapeRendering="crispEdges">
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
