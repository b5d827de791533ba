import { useParams } from 'react-router';
import { getCourse } from '../api/endpoints';
import { CatalogEntry } from '../components/CatalogEntry';

/** A course's page. */
export default function CoursePage() {
  const { slug = '' } = useParams();
  return <CatalogEntry type="course" slug={slug} load={getCourse} />;
}
