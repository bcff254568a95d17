// The card a guest gets at check-in: the guest link as a QR code (drawn as SVG by `qrcode`, so it
// prints sharp at any size), the same link written out, the room and the PIN. The PIN is shown
// once: only its hash is stored. The print stylesheet (console.css) prints this card alone on A6.
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Dialog } from '../dialog.js';
import { guestLink } from './console-api.js';

/** The options the card draws its QR code with (the browser test draws the expected one with the same). */
export const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 1 } as const;

interface Props {
  hotel: string;
  hotelName: string;
  room: number;
  guestName: string;
  pin: string;
  onClose: () => void;
}

export function CheckInCard({ hotel, hotelName, room, guestName, pin, onClose }: Props) {
  const link = guestLink(hotel, room);
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    QRCode.toString(link, QR_OPTIONS).then(setSvg, () => setError('The QR code could not be drawn; the link below works as well.'));
  }, [link]);

  return (
    <Dialog title={`Room ${room} is checked in`} titleId="card-title" className="card-dialog" onClose={onClose}>
      <p className="no-print">
        Print this card for {guestName} or show it on screen. <strong>The PIN is shown only now.</strong>
      </p>
      <article className="checkin-card" aria-label={`Check-in card for room ${room}`}>
        <header>
          <span className="card-hotel">{hotelName}</span>
          <span className="card-room">Room {room}</span>
        </header>
        <p className="card-welcome">Welcome, {guestName}. Chat with the front desk from your phone:</p>
        {/* The markup is qrcode's own output for our link: path data only, no text of ours in it. */}
        {svg && <div className="card-qr" role="img" aria-label="QR code of the chat link" data-testid="card-qr" dangerouslySetInnerHTML={{ __html: svg }} />}
        {error && <p className="form-error">{error}</p>}
        <p className="card-link" data-testid="card-link">
          {link}
        </p>
        <p className="card-pin">
          Your PIN <strong data-testid="card-pin">{pin}</strong>
        </p>
      </article>
      <div className="modal-actions no-print">
        <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
          Print card
        </button>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
