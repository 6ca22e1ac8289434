// A QR code drawn as SVG from the qrcode package's module matrix: computed where
// it is rendered (in the browser, for the handout), crisp at any print size.
import QRCode from 'qrcode';

const quietZone = 4; // modules of white border that scanners need

export function QrCodeSvg({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = modules.size + 2 * quietZone;
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.data[row * modules.size + col]) path += `M${col + quietZone} ${row + quietZone}h1v1h-1z`;
    }
  }
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${side} ${side}`} width={size} height={size} shapeRendering="crispEdges" data-testid="handout-qr">
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
