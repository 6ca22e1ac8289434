'use client';
export { RecipientPageError as default } from '@/app/components/recipient/recipient-page-error';
