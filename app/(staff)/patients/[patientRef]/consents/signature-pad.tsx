'use client';
import { useRef, useState } from 'react';

/**
 * The patient signs with a finger, stylus or mouse. The drawing travels as a PNG
 * data URL in a hidden field; the server checks it is a PNG and stores it in S3.
 */
export function SignaturePad({ name }: { name: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [value, setValue] = useState('');

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * e.currentTarget.width) / rect.width, y: ((e.clientY - rect.top) * e.currentTarget.height) / rect.height };
  };
  const context = () => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) {
      ctx.lineWidth = 3;
      ctx.lineCap = 'round';
      ctx.strokeStyle = '#13212e';
    }
    return ctx;
  };

  return (
    <div>
      <canvas
        ref={canvas}
        width={600}
        height={180}
        role="img"
        aria-label="Signature area: the patient signs here"
        data-testid="signature-pad"
        style={{ width: '100%', maxWidth: 600, height: 180, border: '1px solid var(--line)', borderRadius: '.4rem', background: '#fff', touchAction: 'none' }}
        onPointerDown={(e) => {
          drawing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          const { x, y } = point(e);
          context()?.beginPath();
          context()?.moveTo(x, y);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const { x, y } = point(e);
          const ctx = context();
          ctx?.lineTo(x, y);
          ctx?.stroke();
        }}
        onPointerUp={() => {
          drawing.current = false;
          setValue(canvas.current?.toDataURL('image/png') ?? '');
        }}
      />
      <input type="hidden" name={name} value={value} />
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const c = canvas.current;
            c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
            setValue('');
          }}
        >
          Clear signature
        </button>
        {value ? <span className="muted">Signed.</span> : <span className="muted">Not signed yet.</span>}
      </div>
    </div>
  );
}
