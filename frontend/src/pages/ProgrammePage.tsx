import { useParams } from 'react-router';
import { getProgramme } from '../api/endpoints';
import { CatalogEntry } from '../components/CatalogEntry';

/** A degree or training programme's page. */
export default function ProgrammePage() {
  const { slug = '' } = useParams();
  return <CatalogEntry type="programme" slug={slug} load={getProgramme} />;
}
