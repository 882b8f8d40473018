"""Word lists the enrichment heuristics share, French and English.

These are closed-class words and generic heads of names (articles, titles and
roles, institution and event nouns, calendar words) plus the names of the
world's countries and continents: general knowledge, not the names of any
particular page.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents or typographic quotes: 'Télécom’s' -> "telecom's"."""
    if text.isascii():
        return text.lower()  # nothing to decompose
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("ʼ", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


STOP_WORDS_FR = _folded(
    """a à au aux avec ce ces cet cette ceci cela celui celle ceux celles c' d' de des du dans depuis donc dont
    elle elles en entre est et été être eu fait faire il ils j' je l' la le les leur leurs lui l ma mais me même
    mes moi mon n' ne ni nos notre nous on ou où par pas pour plus qu' que quel quelle quelles quels qui s' sa
    sans se ses si son sont sous sur ta te tes toi ton tous tout toute toutes très tu un une unes uns vos votre
    vous y ont avait avaient sera seront serait été était étaient selon ainsi alors aussi autre autres avant
    après chez comme contre dès encore enfin lors leurs là ici puis quand sinon soit tant tel telle tels telles
    via vers voici voilà afin ailleurs cependant toutefois néanmoins pourtant parmi peu beaucoup plusieurs
    chaque certains certaines aucun aucune non oui tandis lorsque puisque car or déjà jamais toujours
    notamment également d'ailleurs ceux-ci celui-ci cet celles-ci dont auquel auxquels duquel lequel laquelle
    lesquels lesquelles a-t-il a-t-elle peut doit sont fut ayant étant mis mise deux trois quatre cinq six
    sept huit neuf dix cent mille premier première dernier dernière nouveau nouvelle nouveaux nouvelles
    entre-temps cours lors côté face part fin début"""
)
STOP_WORDS_EN = _folded(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    said says say according also new one two three four five six seven eight nine ten first last many much
    may might must shall while however although though since yet still even like per via among amid upon
    within without across around toward towards onto whether either neither another every each other"""
)

# Words that introduce a name but are not part of it, and sentence-opening words that are not names.
LEADING_ARTICLES = _folded("le la les l' un une des du de d' the a an ce cette ces")

MONTH_AND_DAY_NAMES = _folded(
    """janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    lundi mardi mercredi jeudi vendredi samedi dimanche
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec"""
)

# Titles and roles: never names themselves; they introduce a role in apposition.
ROLE_WORDS = _folded(
    """président présidente vice-président vice-présidente ministre vice-ministre sous-ministre secrétaire
    directeur directrice sous-directeur chef cheffe pdg dg ceo cto cfo coo fondateur fondatrice cofondateur
    porte-parole représentant représentante ambassadeur ambassadrice conseiller conseillère responsable
    gouverneur gouverneure roi reine prince princesse maire député députée sénateur sénatrice patron patronne
    analyste chercheur chercheuse professeur professeure expert experte coordinateur coordinatrice délégué
    déléguée commissaire administrateur administratrice gérant gérante associé associée consul émir cheikh
    général générale colonel commandant juge procureur procureure avocat avocate économiste ingénieur
    premier-ministre chancelier chancelière haut-commissaire wali préfet préfète
    president vice-president minister secretary director chief founder co-founder cofounder spokesman
    spokeswoman spokesperson head chairman chairwoman chair governor mayor senator representative ambassador
    researcher analyst professor manager executive officer king queen lawmaker congressman congresswoman
    nominee candidate candidat candidate
    commissioner deputy adviser advisor economist engineer attorney judge general colonel envoy leader
    m. mme mlle mr. mrs. ms. dr. dr pr. prof. mr mrs ms sir lord lady sheikh"""
)
# Honorifics that precede a person's name directly.
HONORIFICS = _folded("m. mme mlle me mr. mrs. ms. dr. pr. prof. mr mrs ms dr sir madame monsieur")

# Nouns that head the name of an institution or company.
ORG_HEADS = _folded(
    """ministère ministere département direction agence caisse centre commission conseil groupe office banque
    fonds société compagnie fédération gouvernement cour tribunal parlement assemblée sénat université institut
    autorité haut-commissariat secrétariat représentation chambre confédération association union organisation
    bureau service administration observatoire académie fondation entreprise holding consortium coalition
    parti syndicat comité alliance agency ministry department commission council government bank fund company
    corporation court parliament senate congress congrès university institute authority office chamber
    federation association union organization organisation bureau service administration foundation
    committee party coalition alliance board police army armée gendarmerie"""
)
# Words that close a company name ("Positive Group PJSC", "Acme Inc").
ORG_SUFFIXES = _folded(
    """inc inc. corp corp. corporation co. ltd ltd. llc plc pjsc sa s.a. sarl sas ag gmbh nv bv group groupe
    holdings holding technologies technology telecom télécom telecoms systems airlines airways bank banque
    motors energy energies networks media press capital partners labs electric industries international
    pharmaceuticals pharma software solutions services communications resources petroleum mining insurance
    logistics automotive foods brands entertainment studios therapeutics robotics aerospace electronics
    financial securities investments ventures times post journal tribune herald gazette"""
)
# Acronyms of common nouns and capitalised common nouns ("Internet"): things, not names.
COMMON_ACRONYMS = _folded(
    """sms mms pdf jpeg jpg png gif doc docx ppt xls csv html url api usb gps wifi suv ev evs led lcd cpu gpu ram
    ssd dns vpn ip it tic tics ia ai iot pib gdp tva vat pme pmi tpe sme rh hr ceo cfo cto coo pdg dg roi kpi
    faq diy tv pc ok covid ovni ufo adn dna arn rna vih hiv qr nfc rfid sim esim mw gw kw kwh mwh gwh twh ppm co2
    internet web cloud"""
)
# Nouns that head the name of an event.
EVENT_HEADS = _folded(
    """sommet salon forum conférence congrès coupe championnat jeux festival exposition expo foire biennale
    rencontres assises semaine journée journées olympiades mondial summit conference cup championship games
    festival exhibition fair show week day olympics world-cup"""
)

# Countries and continents, French and English names: where a bare name is a place.
PLACES = _folded(
    """Afrique Europe Asie Amérique Océanie Antarctique Maghreb Sahel Moyen-Orient Proche-Orient Balkans Caucase
    Africa Europe Asia America Americas Oceania Antarctica Middle-East
    Afghanistan Albanie Algérie Allemagne Andorre Angola Arabie Argentine Arménie Australie Autriche Azerbaïdjan
    Bahreïn Bangladesh Belgique Bénin Biélorussie Bolivie Bosnie Botswana Brésil Bulgarie Burkina Burundi
    Cambodge Cameroun Canada Chili Chine Chypre Colombie Comores Congo Corée Croatie Cuba Danemark Djibouti
    Égypte Émirats Équateur Érythrée Espagne Estonie Éthiopie États-Unis Finlande France Gabon Gambie Géorgie
    Ghana Grèce Guatemala Guinée Haïti Honduras Hongrie Inde Indonésie Irak Iran Irlande Islande Israël Italie
    Jamaïque Japon Jordanie Kazakhstan Kenya Kirghizistan Koweït Laos Lettonie Liban Liberia Libye Lituanie
    Luxembourg Macédoine Madagascar Malaisie Malawi Mali Malte Maroc Maurice Mauritanie Mexique Moldavie Monaco
    Mongolie Monténégro Mozambique Namibie Népal Nicaragua Niger Nigeria Norvège Oman Ouganda Ouzbékistan
    Pakistan Palestine Panama Paraguay Pays-Bas Pérou Philippines Pologne Portugal Qatar Roumanie Royaume-Uni
    Russie Rwanda Sénégal Serbie Singapour Slovaquie Slovénie Somalie Soudan Suède Suisse Syrie Tadjikistan
    Taïwan Tanzanie Tchad Tchéquie Thaïlande Togo Tunisie Turkménistan Turquie Ukraine Uruguay Venezuela
    Viêt-Nam Vietnam Yémen Zambie Zimbabwe
    Albania Algeria Germany Andorra Argentina Armenia Australia Austria Azerbaijan Bahrain Belgium Benin Belarus
    Bosnia Brazil Bulgaria Cambodia Cameroon Chile China Cyprus Colombia Comoros Korea Croatia Denmark Egypt
    Ecuador Eritrea Spain Estonia Ethiopia Finland Gambia Georgia Greece Guinea Hungary India Indonesia Iraq
    Ireland Iceland Israel Italy Jamaica Japan Jordan Kuwait Latvia Lebanon Libya Lithuania Macedonia Malaysia
    Malta Mauritius Mauritania Mexico Moldova Mongolia Montenegro Morocco Netherlands Norway Uganda Uzbekistan
    Peru Poland Romania Russia Serbia Singapore Slovakia Slovenia Sudan Sweden Switzerland Syria Tajikistan
    Taiwan Tanzania Chad Thailand Tunisia Turkey Turkmenistan Yemen Zambia UK U.K. US U.S. USA U.S.A."""
)
# Capitals and large cities, French and English names (hyphenated as written in French).
CITIES = _folded(
    """Paris Londres London Berlin Madrid Rome Lisbonne Lisbon Bruxelles Brussels Amsterdam Vienne Vienna Berne
    Genève Geneva Zurich Stockholm Oslo Copenhague Copenhagen Helsinki Varsovie Warsaw Prague Budapest Bucarest
    Bucharest Sofia Athènes Athens Ankara Istanbul Moscou Moscow Saint-Pétersbourg Kiev Kyiv Minsk Tbilissi Tbilisi
    Erevan Yerevan Bakou Baku Astana Tachkent Tashkent Téhéran Tehran Bagdad Baghdad Damas Damascus Beyrouth Beirut
    Amman Jérusalem Jerusalem Tel-Aviv Riyad Riyadh Djeddah Jeddah Doha Dubaï Dubai Abou-Dhabi Abu-Dhabi Mascate
    Muscat Koweït Sanaa Le-Caire Cairo Alexandrie Alexandria Tripoli Tunis Alger Algiers Oran Rabat Casablanca
    Marrakech Tanger Tangier Fès Fez Agadir Meknès Oujda Laâyoune Dakhla Kénitra Tétouan Nouakchott Dakar Bamako
    Niamey Ouagadougou Abidjan Accra Lomé Cotonou Lagos Abuja Yaoundé Douala Libreville Kinshasa Brazzaville
    Luanda Nairobi Kampala Kigali Addis-Abeba Addis-Ababa Khartoum Mogadiscio Mogadishu Djibouti Dodoma
    Dar-es-Salaam Lusaka Harare Maputo Pretoria Johannesburg Le-Cap Cape-Town Durban Antananarivo Port-Louis
    Pékin Beijing Shanghai Hong-Kong Shenzhen Canton Guangzhou Tokyo Osaka Séoul Seoul Pyongyang Taipei Manille
    Manila Hanoï Hanoi Bangkok Jakarta Kuala-Lumpur Singapour Singapore New-Delhi Delhi Bombay Mumbai Bangalore
    Calcutta Kolkata Karachi Islamabad Lahore Kaboul Kabul Dacca Dhaka Colombo Katmandou Kathmandu
    Washington New-York Los-Angeles Chicago Houston Boston San-Francisco Seattle Miami Atlanta Dallas Denver
    Philadelphie Philadelphia Detroit Ottawa Toronto Montréal Montreal Québec Quebec Vancouver Mexico Bogota
    Bogotá Caracas Lima Quito Santiago Buenos-Aires Montevideo Brasilia Brasília Rio São-Paulo Sao-Paulo La-Havane
    Havana Sydney Melbourne Canberra Auckland Wellington Bruxelles Strasbourg Lyon Marseille Bordeaux Toulouse
    Lille Nantes Nice Genève Davos Munich Francfort Frankfurt Hambourg Hamburg Milan Naples Barcelone Barcelona
    Séville Seville Valence Valencia Porto Manchester Birmingham Édimbourg Edinburgh Dublin"""
)
# Prepositions after which a capitalised name is usually a place ("à Rabat", "in San Diego").
PLACE_PREPOSITIONS = _folded("à en au aux vers depuis in at from to near across")
# Verbs of saying that follow a person's name ("X a déclaré", "X said").
SPEECH_VERBS = _folded(
    """a déclaré a indiqué a affirmé a souligné a ajouté a précisé a expliqué a estimé a annoncé a assuré
    déclare indique affirme souligne ajoute précise explique estime annonce assure said says told added noted
    explained stated announced warned wrote"""
)
# Name particles that may sit inside a person's name.
NAME_PARTICLES = _folded("de du van von der den bin ben ibn al el da di le la")
# Connectors that may sit inside a multi-word name, between capitalised words.
NAME_CONNECTORS = _folded("de du des d' de la l' et of the for and &")
# Nouns that head the official name of a state ("Royaume du Maroc", "Republic of Korea").
STATE_HEADS = _folded(
    "royaume république fédération émirat émirats état sultanat principauté kingdom republic federation state"
    " emirate sultanate principality"
)
# Words that open a question or a clause, capitalised only because they start a sentence.
CLAUSE_OPENERS = _folded("pourquoi comment quand combien quoi lorsque why how when where what which who whose while")
# Words of geographical names: "San Diego", "Southern California", "Lindi Bus Terminal", "Bassin d’Arcachon".
GEOGRAPHIC_WORDS = _folded(
    """united north south east west northern southern eastern western central new san santa saint sainte st
    los las port lake mount mont river bay city county state province island islands gulf sea ocean cape cap
    pointe valley municipality region district street road avenue boulevard square park airport station terminal
    harbour harbor bridge stadium mainland coast côte golfe mer océan lac fleuve rivière île îles vallée région
    province district rue avenue place parc aéroport gare quartier bassin plage plages"""
)
# Common given names across the languages of the news (French, English, Arabic, Russian, Spanish, African,
# Asian): a capitalised pair opening with one is most likely a person.
FIRST_NAMES = _folded(
    """Jean Pierre Paul Jacques Michel Philippe Alain Bernard Patrick Nicolas François Emmanuel Marc Laurent Olivier
    Christophe Stéphane Éric Eric Thierry Frédéric Julien Sébastien Antoine Louis Henri Charles Guillaume Thomas
    Vincent Benoît Didier Gérard Claude André Yves Daniel Bruno Xavier Arnaud Mathieu Luc Hugo Lucas Gabriel
    Raphaël Jérôme Gilles Dominique Pascal Fabien Franck Rémi Cédric Damien Yannick Hervé Denis Serge Roger
    Marie Anne Sophie Isabelle Catherine Nathalie Sylvie Christine Françoise Martine Valérie Sandrine Céline
    Julie Camille Léa Chloé Claire Hélène Caroline Agnès Élisabeth Elisabeth Brigitte Ségolène Marine Rachida
    Valérie Aurélie Émilie Emilie Laure Laura Manon Pauline Juliette Mathilde Élise Elise Alice Inès Lina Sarah
    John James Robert Michael William David Richard Joseph Charles Christopher Daniel Matthew Anthony Mark Donald
    Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary
    Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Frank Alexander Raymond
    Patrick Jack Dennis Jerry Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Peter Kyle Walter Ethan Jeremy
    Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan Joe Jordan
    Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell Elijah Louis
    Bobby Philip Johnny Bill Mike Tom Tim Jim Bob Ben Sam Dan Joe Steve Chris Nick Tony Howard Marcus Kamala Joe
    Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret Sandra
    Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura
    Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine Christine Debra
    Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie Joyce Victoria Olivia Kelly Christina
    Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha Jacqueline Frances Gloria Ann Teresa Kathryn Sara
    Janice Jean Alice Madison Doris Abigail Julia Judy Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia
    Marie Diana Brittany Natalie Isabella Charlotte Rose Alexis Kayla Hillary Nancy Ursula Angela Giorgia
    Mohammed Mohamed Muhammad Mohamad Ahmed Ahmad Ali Hassan Hussein Hussain Omar Youssef Yousef Youssouf Karim
    Abdel Abdelkader Abdellatif Abdelilah Abdallah Abdullah Abderrahim Abdelaziz Aziz Rachid Said Saïd Khalid
    Khaled Hamid Nasser Mustapha Mustafa Driss Hicham Hisham Nabil Samir Tarik Tariq Fouad Jamal Kamal Amine
    Mehdi Anas Ayoub Yassine Hamza Ismail Ibrahim Brahim Moulay Mounir Adil Nizar Reda Salah Walid Zakaria
    Fatima Fatema Aïcha Aicha Khadija Amina Meriem Maryam Nadia Leila Laila Salma Samira Zineb Hajar Houda Sanaa
    Naima Latifa Malika Nawal Loubna Asmae Ghita Kenza Imane Siham Rim Yasmina Yasmine Soraya Nouzha Nezha
    Vladimir Sergueï Sergei Sergey Dmitri Dmitry Dmitriï Alexeï Alexey Alexei Alexandre Alexander Andreï Andrei
    Andrey Mikhaïl Mikhail Nikolaï Nikolai Ivan Igor Oleg Boris Iouri Yuri Youri Viktor Victor Anatoli Anatoly
    Evgueni Evgeny Yevgeny Pavel Roman Maxim Maxime Denis Konstantin Valentin Valeri Valery Guennadi Gennady
    Olga Tatiana Natalia Natalya Elena Ielena Irina Svetlana Ekaterina Iekaterina Anastasia Maria Ioulia Yulia
    Volodymyr Petro Viktor Andrzej Jan Piotr Tomasz Krzysztof Jiří Petr Pavel Václav Miloš Andrej Jaroslav
    Javier José Juan Carlos Luis Miguel Antonio Manuel Francisco Pedro Jorge Alejandro Fernando Ricardo Pablo
    Diego Sergio Andrés Rafael Raúl Ramón Felipe Gustavo Claudia Beatriz Carmen Lucía Isabel Pilar Rosa Dolores
    Luiz Lula Jair Marcelo Gabriela Cristina Mariana Andrés Nicolás Gabriel Ricardo Hugo Evo
    Xi Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Narendra Rahul Amit Raj Sanjay Priya Anil Sunil Shinzo Fumio
    Kim Park Lee Moon Yoon Recep Tayyip Mehmet Mustafa Ahmet Emine Benyamin Benjamin Naftali Yair Isaac Mahmoud
    Abdel-Fattah Kaïs Kais Abdelmadjid Abdelmajid Bola Muhammadu Paul Macky Alassane Félix Cyril Jacob Thabo Uhuru
    William Samia Abiy Yoweri Paul Denis Emmerson Ellen Nana Akufo Patrice Joseph Idriss Mahamat Ismaïl Moussa
    Ousmane Mamadou Amadou Abdoulaye Ibrahima Cheikh Souleymane Boubacar Modibo Aminata Fatou Awa Mariam"""
)
