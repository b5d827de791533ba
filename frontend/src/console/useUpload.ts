import { useState, type RefObject } from 'react';
import type { UploadProgress } from '../api/client';

/**
 * A choice of file with the upload's progress, sending it with send; a file sent is
 * cleared from the control input, and a missing one sends focus there.
 */
export function useUpload<T>(input: RefObject<HTMLInputElement | null>, send: (file: File, onProgress: (p: UploadProgress) => void) => Promise<T>) {
  const control = () => input.current;
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const upload = async (): Promise<T | null> => {
    if (!file) {
      control()?.focus();
      return null;
    }
    setError(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const result = await send(file, setProgress);
      setFile(null);
      const chosen = control();
      if (chosen) {
        chosen.value = '';
      }
      return result;
    } catch (err) {
      setError(err);
      return null;
    } finally {
      setProgress(null);
    }
  };
  return { file, setFile, progress, error, upload };
}
