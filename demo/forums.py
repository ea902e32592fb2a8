"""The demo discussions that `manage.py seed_demo` writes in the forums, and the function that does.

The data comes first: the managed list of tags, then every topic with its replies, likes and
accepted answer, written by the demo members of demo.data. ``seed_demo_forums`` at the
end creates the topics that are missing (a demo topic is known by its title), through
forums.services, so that numbering, rendering, @mentions, read states, counters and search
vectors are exactly what members' own posts get. Only the dates are set afterwards: a demo topic
started some days before the seed ran, and its replies follow at a believable pace.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from demo.data import CLAIRE, KARIM, PARIS, SOPHIE
from forums import services
from forums.models import Category, Post, PostLike, PublicationStatus, Tag, Topic
from forums.starting_tags import TAGS, tag_fields
from members.models import Member
from moderation.models import ModerationAction

# The managed list of topic tags: name and what it covers.

# Category slugs, from forums/migrations/0002_starting_categories.py.
RATES = "tarifs-devis"
STATUS = "statut-administratif"
CLIENTS = "prospection-clients"
TOOLS = "astuces-outils"
NEWS = "actualites-marche"
INTRODUCTIONS = "presentations"
HELP = "entraide"


@dataclass(frozen=True)
class DemoReply:
    author: str  # a demo member's handle
    body: str  # Markdown
    likes: tuple[str, ...] = ()  # handles of the members who liked it, never its author
    days_later: float | None = None  # when it came, after the opening post, if not at the pace


@dataclass(frozen=True)
class DemoTopic:
    title: str  # what tells a demo topic apart: a topic with this title is never made twice
    category: str  # a category slug
    author: str
    days_ago: int  # the day it was opened, counted back from the seed's day
    hour: int  # and the hour, in Paris
    tags: tuple[str, ...]
    body: str
    likes: tuple[str, ...] = ()  # on the opening post
    replies: tuple[DemoReply, ...] = ()
    accepted: int | None = None  # the number of the accepted answer (2 is the first reply)
    pace: float = 1.0  # stretches or shrinks the time between replies
    pinned: bool = False
    locked: bool = False


R = DemoReply
T = DemoTopic

# How long after the previous post each reply comes, in minutes, before the topic's pace.
REPLY_GAPS = (38, 95, 160, 27, 240, 70, 410, 55, 130, 22, 300, 85)

TOPICS: tuple[DemoTopic, ...] = (
    # --- Présentations ------------------------------------------------------------------------
    T(
        "Bienvenue sur les forums de FreelanceHub : les règles",
        INTRODUCTIONS, SOPHIE, 44, 9, ("Débutant",),
        "Bonjour à toutes et à tous, et bienvenue !\n\n"
        "Ces forums sont faits pour s’entraider entre indépendants : tarifs, statut, clients, "
        "outils, coups de gueule et coups de cœur. Quelques règles simples pour que tout le monde "
        "s’y sente bien :\n\n"
        "1. **Bienveillance d’abord** : on a tous été débutants, aucune question n’est bête.\n"
        "2. **Pas de prospection sauvage** : proposer ses services en réponse à une question, "
        "c’est non. Les projets à passer vont dans *Entraide*.\n"
        "3. **Des chiffres, pas des noms** : parlez tarifs librement, mais ne citez pas un client "
        "ou un confrère pour le dénigrer.\n"
        "4. **Un sujet, une question** : un titre clair aide ceux qui chercheront après vous.\n"
        "5. Dans *Tarifs & devis* et *Statut & administratif*, pensez à **accepter la réponse** "
        "qui vous a aidé : elle s’affichera sous votre question.\n\n"
        "Un message vous semble déplacé ? Utilisez le bouton « Signaler » : l’équipe de "
        "modération le voit dans la journée.\n\n"
        "Et pour commencer, présentez-vous dans cette catégorie : qui êtes-vous, que faites-vous, "
        "que cherchez-vous ici ?",
        likes=(CLAIRE, KARIM, "emma-chevalier", "manon-girard", "nicolas-fournier"),
        replies=(
            R(CLAIRE, "Merci Sophie ! Règle n° 3 approuvée, on peut parler argent sans se "
              "tirer dans les pattes.", likes=(SOPHIE,)),
            R("amandine-perrin", "Merci pour l’accueil, je file me présenter !",
              likes=(SOPHIE,), days_later=34),
        ),
        pace=40, pinned=True,
    ),
    T(
        "Bonjour ! Ex-infirmière devenue rédactrice santé",
        INTRODUCTIONS, "amandine-perrin", 10, 20, ("Débutant",),
        "Bonjour à toutes et à tous,\n\n"
        "Je m’appelle Amandine, j’ai été infirmière pendant dix ans (urgences puis libéral) et "
        "je me suis lancée en micro-entreprise il y a deux semaines comme **rédactrice web "
        "santé et bien-être**.\n\n"
        "Ce que je sais faire : vulgariser sans dire de bêtises, vérifier les sources, parler "
        "aux patients. Ce que je ne sais pas encore faire :\n\n"
        "- fixer mes tarifs (je n’ose pas) ;\n"
        "- trouver mes premiers clients ;\n"
        "- comprendre tout ce que m’écrit l’URSSAF.\n\n"
        "Bref, je suis là pour apprendre ! Je suis à Paris et partante pour un ChocoSkype avec "
        "celles et ceux qui veulent bien partager leur expérience.",
        likes=(CLAIRE, SOPHIE, "emma-chevalier", "nathalie-payet", "manon-girard"),
        replies=(
            R(CLAIRE,
              "Bienvenue Amandine ! Ton profil d’ancienne infirmière est un vrai atout : les "
              "sites santé cherchent désespérément des gens qui savent de quoi ils parlent.\n\n"
              "Pour les tarifs, lis le sujet sur les articles SEO dans *Tarifs & devis*, tout y "
              "est. Et je te propose un ChocoSkype mardi, je t’envoie un message.",
              likes=("amandine-perrin", SOPHIE)),
            R(SOPHIE,
              "Bienvenue parmi nous ! Pour l’URSSAF, pose ta question dans *Statut & "
              "administratif* : Inès y répond à tout, et très bien.",
              likes=("amandine-perrin",)),
            R("marie-lopez",
              "Bienvenue ! L’expertise métier se vend bien, ne la brade pas. Et si tu veux une "
              "relecture de tes premiers textes pour ton portfolio, fais-moi signe.",
              likes=("amandine-perrin", CLAIRE)),
            R("emma-chevalier",
              "Bienvenue ! Viens à l’afterwork parisien jeudi prochain, on sera une quinzaine. "
              "Et je garde ton nom pour les clientes cosmétiques qui veulent des textes "
              "« bien-être » solides scientifiquement.",
              likes=("amandine-perrin",)),
            R("amandine-perrin",
              "Merci à tous pour cet accueil, je ne m’attendais pas à autant de réponses ! "
              "@claire c’est noté pour mardi, et @emma-chevalier je viendrai jeudi.",
              likes=(CLAIRE, "emma-chevalier")),
        ),
        pace=3,
    ),
    T(
        "Benoît, motion designer à Rennes",
        INTRODUCTIONS, "benoit-caron", 41, 14, (),
        "Salut tout le monde !\n\n"
        "Benoît, 29 ans, vidéaste spécialisé en **motion design** depuis deux ans. Je fais des "
        "vidéos explicatives et des animations pour les start-up, surtout dans la tech et la "
        "santé. After Effects au quotidien, un peu de Blender quand le client a le budget.\n\n"
        "Je cherche surtout des rédacteurs et des copywriters avec qui travailler en binôme : un "
        "bon script, c’est la moitié d’une bonne vidéo.",
        likes=("camille-durand", "manon-girard"),
        replies=(
            R("manon-girard",
              "Bienvenue Benoît ! Copywriter à Rennes aussi, on doit pouvoir se croiser. Je "
              "t’écris en privé, j’ai une association qui cherche une vidéo de campagne.",
              likes=("benoit-caron",)),
            R("camille-durand",
              "Bienvenue ! Graphiste à Nantes : si un jour tu as besoin d’illustrations à animer, "
              "fais signe.", likes=("benoit-caron",)),
            R("chloe-morel",
              "Bienvenue ! J’ai justement un album jeunesse dont la bande-annonce mériterait "
              "d’être animée… Je te contacte.", likes=("benoit-caron", "camille-durand")),
        ),
        pace=4,
    ),
    # --- Tarifs & devis -----------------------------------------------------------------------
    T(
        "Combien facturer un article SEO de 1 000 mots ?",
        RATES, CLAIRE, 31, 10, ("SEO", "Devis"),
        "Bonjour à tous,\n\n"
        "Une agence de voyage me demande un devis pour **8 articles de blog SEO de 1 000 mots**, "
        "avec recherche de mots-clés fournie par leur consultant. Jusqu’ici je facturais "
        "70 € l’article, mais je me rends compte que j’y passe presque une demi-journée.\n\n"
        "Vous facturez comment ?\n\n"
        "- au mot ? (si oui, combien ?)\n"
        "- à l’article, forfait fixe ?\n"
        "- à l’heure ?\n\n"
        "Merci d’avance, je dois répondre avant vendredi !",
        likes=("amandine-perrin", "mathieu-leroy", "hugo-lambert"),
        replies=(
            R("thomas-petit",
              "70 € pour 1 000 mots, c’est 0,07 €/mot : tu es en dessous du marché pour un "
              "contenu avec brief SEO.\n\n"
              "Les rédacteurs avec qui je travaille facturent **entre 0,08 et 0,15 €/mot** selon "
              "la technicité :\n\n"
              "- 0,08–0,10 € : sujets grand public, brief complet fourni ;\n"
              "- 0,10–0,12 € : recherche documentaire, interviews, maillage interne ;\n"
              "- 0,12–0,15 € et plus : sujets experts (finance, santé, juridique, B2B).\n\n"
              "Pour du tourisme avec tes références, **100 à 120 € l’article** est tout à fait "
              "défendable.",
              likes=(CLAIRE, "elodie-marchand", "mathieu-leroy", "amandine-perrin", SOPHIE,
                     "lucas-garnier")),
            R("elodie-marchand",
              "Je confirme les chiffres de @thomas-petit. En agence, on sous-traite à 0,05–0,06 "
              "€/mot, mais ce sont des volumes énormes et des briefs ultra-cadrés. En direct, je "
              "ne descends jamais sous 0,10 €.",
              likes=(CLAIRE, "thomas-petit")),
            R("mathieu-leroy",
              "Dans la finance, je suis à 0,15–0,18 €/mot, et personne ne discute parce qu’une "
              "erreur coûte cher au client. Ton expertise tourisme a aussi de la valeur : "
              "mets-la en avant dans le devis.",
              likes=(CLAIRE,)),
            R("emma-chevalier",
              "Petit conseil : présente un **forfait à l’article** plutôt qu’un prix au mot. "
              "Le client compare moins, et tu n’as pas à te justifier si un article fait 1 100 "
              "mots au lieu de 1 000.\n\n"
              "> Jusqu’ici je facturais 70 € l’article\n\n"
              "Et augmente dès ce devis : c’est un nouveau client, il ne connaît pas ton ancien "
              "prix !",
              likes=(CLAIRE, "manon-girard", "thomas-petit")),
            R(CLAIRE,
              "Merci à tous ! Devis envoyé à **110 € l’article**, 880 € HT le lot de huit, "
              "accepté sans discussion. Je m’en veux un peu pour mes anciens clients…\n\n"
              "J’accepte la réponse de Thomas, la grille est parfaite pour les suivants.",
              likes=("thomas-petit", "emma-chevalier", "elodie-marchand", SOPHIE)),
        ),
        accepted=2,
    ),
    T(
        "Quel TJM pour une mission de 3 mois en régie ?",
        RATES, "sarah-benmansour", 36, 18, ("TJM", "Portage"),
        "Bonsoir,\n\n"
        "Un grand compte me propose une mission de cheffe de projet digital, **3 mois "
        "renouvelables, 4 jours par semaine** sur site à Paris. Ils me demandent mon TJM.\n\n"
        "Je suis en portage salarial (frais de gestion de 8 %). Sur ma dernière mission j’étais "
        "à 420 €, mais j’ai l’impression d’avoir sous-vendu.\n\n"
        "Quel TJM annonceriez-vous pour un profil à 7 ans d’expérience ?",
        likes=("nicolas-fournier", "david-nguyen"),
        replies=(
            R("nicolas-fournier",
              "Pour 7 ans d’expérience en chefferie de projet chez un grand compte parisien, "
              "**entre 500 et 600 € par jour** est la norme. 420 €, c’est un TJM de profil "
              "junior.\n\n"
              "Annonce 580 €, tu as de la marge pour finir à 550 € si l’acheteur négocie (il "
              "négociera, c’est son métier).",
              likes=("sarah-benmansour", "julien-moreau", "david-nguyen", KARIM)),
            R(KARIM,
              "Attention au calcul en portage : avec 8 % de frais de gestion puis les "
              "cotisations, il te reste environ **la moitié du TJM en net**. À 420 €, ça fait "
              "autour de 210 € net par jour travaillé, sans les congés. Raisonne toujours à "
              "partir du net que tu vises.",
              likes=("sarah-benmansour", "nicolas-fournier")),
            R("julien-moreau",
              "Côté développement, je suis à 550 € en direct, et les ESN refacturent mes "
              "collègues à 700 €. Le client a le budget, crois-moi.",
              likes=("sarah-benmansour",)),
            R("sarah-benmansour",
              "Merci, ça me donne confiance. J’ai annoncé 580 €, on a signé à **560 € par "
              "jour**. @nicolas-fournier je te dois un verre !",
              likes=("nicolas-fournier", KARIM, "julien-moreau", "david-nguyen")),
        ),
        accepted=2, pace=2,
    ),
    T(
        "Traduction : tarif au mot source ou au mot cible ?",
        RATES, "laura-fernandes", 16, 11, ("Traduction", "Devis"),
        "Bonjour,\n\n"
        "Je traduis du portugais vers le français et un nouveau client, une agence de "
        "communication, me demande un tarif « au mot ». Mais le français est souvent 15 à 20 % "
        "plus long que le portugais…\n\n"
        "Vous comptez sur le texte **source** ou sur le texte **cible** ? Et quel prix "
        "annoncez-vous pour de la traduction marketing ?",
        likes=(KARIM, "yann-le-goff"),
        replies=(
            R(KARIM,
              "Toujours **au mot source** : tu connais le prix avant de commencer, le client "
              "aussi, et le devis se fait en deux minutes avec un outil de comptage.\n\n"
              "Pour du marketing (de la transcréation, en réalité), je suis à **0,12–0,14 € le "
              "mot source** de l’anglais. Pour le portugais, tu peux viser le même niveau, la "
              "combinaison est plus rare.",
              likes=("laura-fernandes", "yann-le-goff", "marie-lopez")),
            R("yann-le-goff",
              "Même chose en technique : mot source, 0,11 € de l’allemand, 0,10 € de l’anglais, "
              "et une remise sur les répétitions que détecte Trados. Ne fais jamais de remise "
              "sur les répétitions en marketing : chaque phrase se réécrit.",
              likes=("laura-fernandes", KARIM)),
            R("marie-lopez",
              "Et si le client veut une relecture par une seconde personne, c’est en plus : je "
              "facture environ **un tiers du prix de la traduction** pour une relecture "
              "bilingue.", likes=("laura-fernandes",)),
            R("laura-fernandes",
              "Parfait, merci ! Devis envoyé à 0,13 € le mot source, relecture en option. Je "
              "valide la réponse de Karim.", likes=(KARIM,)),
        ),
        accepted=2, pace=1.5,
    ),
    T(
        "Un client me demande 30 % de remise sur mon devis",
        RATES, "camille-durand", 22, 9, ("Devis", "Prospection"),
        "Hello,\n\n"
        "J’ai envoyé un devis de **1 800 € HT** à une boulangerie-pâtisserie pour une identité "
        "visuelle complète (logo, charte, cartes, enseigne). Le gérant me répond : « C’est "
        "trop cher, je peux mettre 1 250 €, sinon je prends un logo sur Fiverr. »\n\n"
        "Je suis tentée de refuser, mais c’est un beau projet pour mon portfolio. "
        "Comment vous répondez à ce genre de demande ?",
        likes=("chloe-morel",),
        replies=(
            R("emma-chevalier",
              "Ne baisse jamais le prix sans baisser le périmètre. Propose-lui deux options :\n\n"
              "1. **1 800 €** : l’identité complète, comme prévu ;\n"
              "2. **1 250 €** : le logo et la charte seulement, les supports viendront plus "
              "tard.\n\n"
              "Il choisit, et tu ne travailles pas au rabais. Souvent, ils prennent la première "
              "option une fois qu’ils voient ce qu’ils perdent.",
              likes=("camille-durand", SOPHIE, "romain-andre", "lucas-garnier", "manon-girard")),
            R("romain-andre",
              "+1. Et la comparaison avec Fiverr dit tout : s’il veut un logo à 50 €, ce n’est "
              "pas ton client. Au studio, on a arrêté de répondre aux demandes de remise sans "
              "contrepartie.", likes=("camille-durand",)),
            R(SOPHIE,
              "Tu peux aussi proposer un **paiement en trois fois** : 1 800 € en trois mois, ça "
              "passe mieux pour un petit commerce, et tu ne perds rien.",
              likes=("camille-durand", "emma-chevalier")),
            R("camille-durand",
              "Je lui ai proposé les deux options et le paiement en trois fois. Il a pris "
              "l’identité complète ! Merci @emma-chevalier, je garde la méthode.",
              likes=("emma-chevalier", SOPHIE, "chloe-morel")),
        ),
        accepted=2, pace=1.2,
    ),
    T(
        "Vos tarifs cette année : partagez vos prix au mot et vos TJM",
        RATES, "manon-girard", 28, 8, ("TJM", "SEO", "Traduction"),
        "On parle souvent de tarifs au cas par cas : et si on mettait nos chiffres en commun ?\n\n"
        "Format proposé : **métier · statut · ville ou à distance · tarif · années "
        "d’expérience**. Je commence :\n\n"
        "- copywriter ESS · CAE · Rennes · 450 € la journée d’atelier, pages de site au forfait "
        "(350 à 600 € la page) · 4 ans\n\n"
        "À vous !",
        likes=(CLAIRE, SOPHIE, "amandine-perrin", "thomas-petit", "emma-chevalier"),
        replies=(
            R(CLAIRE, "Rédactrice web et SEO · micro-entreprise · Lyon · **0,11 €/mot**, soit "
              "110 € l’article de 1 000 mots depuis le mois dernier · 2 ans",
              likes=("manon-girard", "amandine-perrin")),
            R(KARIM, "Traducteur EN → FR · portage · Montréal · **0,12–0,14 € le mot source**, "
              "relecture à 45 € de l’heure · 6 ans", likes=("laura-fernandes",)),
            R("julien-moreau", "Développeur Django · EURL · Bordeaux · **TJM 550 €** en direct · "
              "9 ans", likes=("nicolas-fournier", "maxime-dubois")),
            R("camille-durand", "Graphiste · micro-entreprise · Nantes · identité visuelle de "
              "1 500 à 2 500 €, **TJM 320 €** pour les petites missions · 5 ans",
              likes=("chloe-morel",)),
            R("thomas-petit", "Consultant SEO · EI au réel · Lille · audit de 1 800 à 4 000 €, "
              "**TJM 500 €** en accompagnement · 7 ans", likes=(CLAIRE, "lucas-garnier")),
            R("marie-lopez", "Correctrice · micro-entreprise · Bordeaux · **2,50 € le "
              "feuillet** de 1 500 signes pour l’édition, 0,02 €/mot pour le web · 11 ans",
              likes=("mathieu-leroy",)),
            R("elodie-marchand", "Rédactrice SEO · salariée + freelance · Lille · "
              "**0,10 €/mot** en direct, briefs SEO à 60 € · 2 ans", likes=("thomas-petit",)),
            R("maxime-dubois", "Développeur front · SASU · Bruxelles · **TJM 480 €**, formation "
              "à 900 € la journée · 8 ans", likes=("julien-moreau",)),
            R("ines-mercier", "Assistante virtuelle · micro-entreprise · Montpellier · forfait "
              "de 350 à 600 € par mois selon le volume, **35 € de l’heure** hors forfait · 3 ans",
              likes=("alexandre-blanc", "aurelie-vincent")),
            R("amandine-perrin",
              "Merci pour ce fil, il m’aide énormément à fixer mes premiers prix. Je vais "
              "commencer à 0,08 €/mot et monter dès que j’aurai des références.",
              likes=(CLAIRE, "manon-girard", SOPHIE), days_later=17.5),
            R("manon-girard",
              "Merci à tous, quel fil ! @amandine-perrin 0,08 € pour démarrer dans la santé, "
              "c’est raisonnable ; vise 0,12 € d’ici six mois, ton expertise le vaut.",
              likes=("amandine-perrin",)),
        ),
        pace=5,
    ),
    T(
        "Tarif pour 200 fiches produits d’une boutique en ligne ?",
        RATES, "amandine-perrin", 2, 11, ("Devis", "Débutant"),
        "Bonjour,\n\n"
        "Une boutique de compléments alimentaires me demande un devis pour **200 fiches "
        "produits** de 150 à 200 mots chacune, avec les allégations de santé à vérifier (je "
        "connais bien le sujet, c’est mon ancien métier).\n\n"
        "Faut-il faire un prix dégressif sur un tel volume ? Je pensais à 12 € la fiche, "
        "mais je n’ai aucune idée de ce qui se pratique.",
    ),
    # --- Statut & administratif ---------------------------------------------------------------
    T(
        "Micro-entreprise : je vais dépasser le plafond, que faire ?",
        STATUS, "mathieu-leroy", 26, 16, ("Micro-entreprise", "URSSAF"),
        "Bonjour,\n\n"
        "Bonne nouvelle qui m’inquiète : avec deux nouveaux clients, je vais dépasser cette année "
        "le **plafond de chiffre d’affaires de la micro-entreprise** pour les prestations de "
        "services (77 700 € encaissés, si je ne me trompe pas).\n\n"
        "Qu’est-ce qui se passe exactement ? Je bascule tout de suite au réel ? Je dois créer une "
        "société ?",
        likes=("alexandre-blanc",),
        replies=(
            R("ines-mercier",
              "Pas de panique : on ne sort du régime micro que si l’on dépasse le plafond **deux "
              "années civiles de suite**. Un dépassement une année, rien ne change.\n\n"
              "Si tu dépasses aussi l’an prochain, tu passes au régime réel (entreprise "
              "individuelle) au 1er janvier de l’année suivante. Entre-temps :\n\n"
              "- surveille la **franchise de TVA**, qui a ses propres seuils, bien plus bas : "
              "c’est elle qui te rattrapera en premier ;\n"
              "- prends rendez-vous avec un expert-comptable pour comparer EI au réel, EURL et "
              "SASU avec tes vrais chiffres.\n\n"
              "Et vérifie les montants de l’année sur le site de l’URSSAF, ils sont revus "
              "régulièrement.",
              likes=("mathieu-leroy", "alexandre-blanc", SOPHIE, CLAIRE, "thomas-petit")),
            R("alexandre-blanc",
              "Autre piste si tu ne veux pas de comptabilité : rejoindre une **CAE**. Tu "
              "factures sous le numéro de la coopérative, tu deviens entrepreneur-salarié, et tu "
              "n’as plus de plafond. En contrepartie, la CAE prend 10 % de ta marge.",
              likes=("manon-girard",)),
            R(SOPHIE,
              "Je suis passée en SASU à ce stade. L’intérêt : se verser un salaire modeste et des "
              "dividendes. L’inconvénient : l’expert-comptable (1 800 € par an pour moi) et les "
              "charges sur salaire élevées. Fais vraiment faire la simulation.",
              likes=("mathieu-leroy",)),
            R("mathieu-leroy",
              "Merci beaucoup, c’est beaucoup plus clair. Je vais surtout surveiller la TVA comme "
              "le dit @ines-mercier, et je prends rendez-vous chez un comptable en janvier.",
              likes=("ines-mercier",)),
        ),
        accepted=2, pace=2,
    ),
    T(
        "CFE : 480 € pour ma deuxième année, c’est normal ?",
        STATUS, "hugo-lambert", 24, 19, ("CFE", "Micro-entreprise"),
        "Bonsoir,\n\n"
        "Je viens de recevoir mon avis de **CFE** : 480 € ! Ma première année, je n’avais rien "
        "payé. Je travaille depuis chez moi à Annecy, sans local.\n\n"
        "C’est le montant habituel ? Il y a un moyen de le réduire ?",
        likes=("nathalie-payet", CLAIRE),
        replies=(
            R("ines-mercier",
              "C’est malheureusement normal. Pour la CFE :\n\n"
              "- **l’année de création** : exonération totale ;\n"
              "- **la deuxième année** : la base est réduite de moitié ;\n"
              "- **si ton chiffre d’affaires est inférieur ou égal à 5 000 €** : exonéré, "
              "quelle que soit l’année.\n\n"
              "Le montant dépend de la commune : même à domicile, on paie la cotisation "
              "minimum votée par la ville. 480 € à Annecy avec la demi-base, ça veut dire "
              "que l’an prochain ce sera plus…\n\n"
              "Vérifie quand même sur ton espace professionnel impots.gouv que la réduction de "
              "deuxième année a bien été appliquée.",
              likes=("hugo-lambert", "camille-durand", CLAIRE, "yann-le-goff")),
            R("camille-durand", "Pour comparer : 236 € à Nantes cette année, sans local non plus.",
              likes=("hugo-lambert",)),
            R(CLAIRE,
              "Pense à mettre la CFE dans ton calcul de tarifs : c’est une charge fixe comme une "
              "autre. Je la provisionne à 40 € par mois pour ne pas avoir la surprise en "
              "décembre.", likes=("hugo-lambert", "ines-mercier")),
            R("hugo-lambert",
              "Effectivement, la réduction n’avait pas été appliquée ! Réclamation faite en "
              "ligne, merci @ines-mercier.", likes=("ines-mercier", CLAIRE)),
        ),
        accepted=2, pace=1.5,
    ),
    T(
        "Client en Belgique : je mets la TVA ou pas ?",
        STATUS, "emma-chevalier", 19, 15, ("TVA", "Facturation"),
        "Bonjour,\n\n"
        "Je suis en micro-entreprise, en **franchise de TVA**, et je vais facturer une marque "
        "de cosmétiques installée à Bruxelles.\n\n"
        "Je mets quoi sur la facture ? La mention « TVA non applicable, art. 293 B du CGI » "
        "comme d’habitude ?",
        replies=(
            R("maxime-dubois",
              "Pour une prestation de services à une **entreprise** d’un autre pays de l’UE, la "
              "TVA est due dans le pays du client : c’est lui qui l’autoliquide.\n\n"
              "Ce qu’il te faut :\n\n"
              "1. un **numéro de TVA intracommunautaire** (même en franchise, demande-le à ton "
              "service des impôts) ;\n"
              "2. le numéro de TVA du client sur la facture ;\n"
              "3. la mention « **Autoliquidation** » ;\n"
              "4. une **déclaration européenne de services** chaque mois où tu factures.\n\n"
              "Je vis à Bruxelles et je fais la même chose dans l’autre sens avec mes clients "
              "français.",
              likes=("emma-chevalier", "yann-le-goff", "laura-fernandes", "ines-mercier")),
            R("yann-le-goff",
              "Je confirme, et la DES se fait en ligne en cinq minutes. Le plus long, c’est "
              "d’obtenir le numéro intracommunautaire : compte une à deux semaines.",
              likes=("emma-chevalier",)),
            R("emma-chevalier", "Merci à vous deux ! Demande de numéro envoyée.",
              likes=("maxime-dubois",)),
        ),
        accepted=2, pace=1.2,
    ),
    T(
        "Portage salarial ou micro-entreprise pour une mission de 6 mois ?",
        STATUS, "david-nguyen", 30, 13, ("Portage", "Micro-entreprise"),
        "Bonjour,\n\n"
        "Je suis en EURL, mais un ami UX designer qui sort du salariat me demande conseil : il a "
        "une **mission de 6 mois à 450 € par jour** et hésite entre :\n\n"
        "- créer une micro-entreprise ;\n"
        "- passer par une société de portage salarial.\n\n"
        "Il tient à garder ses droits au chômage. Vous lui conseilleriez quoi ?",
        likes=("sarah-benmansour",),
        replies=(
            R(KARIM,
              "Je suis en portage depuis quatre ans. Pour ton ami :\n\n"
              "**Pour le portage**\n\n"
              "- il reste salarié : chômage, retraite, mutuelle d’entreprise ;\n"
              "- zéro paperasse : la société facture, relance et paie ;\n"
              "- les grands comptes adorent, ils n’ont pas de risque de requalification.\n\n"
              "**Contre**\n\n"
              "- 5 à 10 % de frais de gestion ;\n"
              "- environ 50 % du chiffre d’affaires en net, contre 70 % environ en micro.\n\n"
              "Pour 6 mois et s’il veut garder ses droits au chômage, le portage est fait pour "
              "lui.",
              likes=("david-nguyen", "sarah-benmansour", "manon-girard", "alexandre-blanc")),
            R("sarah-benmansour",
              "Même avis. Et en portage, les droits au chômage se **rechargent** : entre deux "
              "missions, je suis indemnisée.", likes=(KARIM, "david-nguyen")),
            R("manon-girard",
              "Troisième voie : la **CAE**, le même principe que le portage mais en coopérative, "
              "avec un accompagnement et des collègues. Moins adapté aux missions longues chez un "
              "grand compte, en revanche.", likes=("alexandre-blanc",)),
        ),
        pace=2,
    ),
    T(
        "Première déclaration URSSAF : chiffre d’affaires encaissé ou facturé ?",
        STATUS, "amandine-perrin", 7, 8, ("URSSAF", "Micro-entreprise", "Débutant"),
        "Bonjour,\n\n"
        "Je dois faire ma première déclaration de chiffre d’affaires à l’URSSAF (mensuelle). "
        "J’ai facturé 640 € le mois dernier, mais le client ne m’a payé que la moitié pour "
        "l’instant.\n\n"
        "Je déclare 640 € ou 320 € ? Et les 26 % dont tout le monde parle, c’est sur quoi "
        "exactement ?",
        likes=(CLAIRE,),
        replies=(
            R("ines-mercier",
              "Bienvenue dans le monde merveilleux de l’URSSAF !\n\n"
              "- Tu déclares le **chiffre d’affaires encaissé** : 320 € ce mois-ci, les 320 € "
              "restants le mois où ils arriveront sur ton compte.\n"
              "- Les cotisations sont un **pourcentage de ce que tu déclares** : en activité "
              "libérale (BNC), 26,1 % depuis janvier (c’était 24,6 % l’an dernier). Si tu as "
              "l’ACRE, c’est moitié moins la première année.\n"
              "- Si tu as opté pour le **versement libératoire** de l’impôt, ajoute 2,2 %.\n\n"
              "Garde un tableau de tes encaissements, c’est obligatoire en micro.",
              likes=("amandine-perrin", CLAIRE, SOPHIE, "aurelie-vincent")),
            R(CLAIRE,
              "Astuce : je mets de côté **30 % de chaque paiement** sur un compte séparé dès "
              "qu’il arrive. Cotisations, CFE, impôt : tout est couvert et je dors "
              "tranquille.", likes=("amandine-perrin", "ines-mercier")),
            R("amandine-perrin", "Merci, c’est limpide ! Déclaration faite, 320 €.",
              likes=("ines-mercier",)),
        ),
        accepted=2, pace=0.8,
    ),
    T(
        "Artiste-auteur et micro-entreprise en même temps ?",
        STATUS, "chloe-morel", 8, 17, ("Micro-entreprise",),
        "Bonjour,\n\n"
        "Je suis illustratrice en artiste-autrice (droits d’auteur pour l’édition jeunesse). Un "
        "client me demande des visuels pour ses réseaux sociaux, ce qui n’est pas de la "
        "création d’œuvre au sens des droits d’auteur.\n\n"
        "Est-ce que je peux ouvrir une micro-entreprise à côté pour ces prestations ? "
        "Quelqu’un a déjà cumulé les deux ?",
    ),
    # --- Prospection & clients ----------------------------------------------------------------
    T(
        "LinkedIn : vos messages d’approche qui fonctionnent vraiment",
        CLIENTS, "lucas-garnier", 20, 8, ("LinkedIn", "Prospection"),
        "Salut à tous,\n\n"
        "J’envoie une dizaine de messages LinkedIn par semaine à des commerçants lyonnais, pour "
        "du SEO local. Taux de réponse : presque zéro.\n\n"
        "Mon message type : « Bonjour, je suis consultant SEO local, je peux vous aider à "
        "apparaître sur Google. Seriez-vous disponible pour un appel ? »\n\n"
        "Qu’est-ce qui marche pour vous ?",
        likes=("emma-chevalier",),
        replies=(
            R(SOPHIE,
              "Ton message parle de toi, pas d’eux. Ce qui marche, d’après ce que je vois en "
              "formation :\n\n"
              "1. **Une observation précise** : « J’ai cherché “boulangerie Croix-Rousse” et "
              "votre fiche n’apparaît qu’en 6e position. »\n"
              "2. **Une idée gratuite** : « Vos horaires ne sont pas à jour sur Google, c’est "
              "peut-être ça. »\n"
              "3. **Une question facile**, pas un rendez-vous : « Voulez-vous que je vous envoie "
              "les deux autres points que j’ai repérés ? »\n\n"
              "Et commente leurs publications une semaine avant d’écrire : ton nom ne sera pas "
              "inconnu.",
              likes=("lucas-garnier", "emma-chevalier", CLAIRE, "manon-girard", "thomas-petit",
                     "quentin-rousseau")),
            R("emma-chevalier",
              "Tout pareil. Je rajoute : **pas de lien** dans le premier message, et jamais "
              "« je me permets de vous contacter ».", likes=(SOPHIE, "lucas-garnier")),
            R(CLAIRE,
              "Pour moi, LinkedIn marche mieux pour **publier** que pour écrire en privé : un "
              "post par semaine sur mes projets tourisme m’a ramené deux clients cette année, "
              "sans un seul message de prospection.", likes=(SOPHIE, "manon-girard")),
            R("lucas-garnier",
              "J’ai testé la méthode de @sophie sur 10 commerçants : 4 réponses, 2 rendez-vous. "
              "Ça change tout, merci !",
              likes=(SOPHIE, "emma-chevalier", CLAIRE)),
        ),
        pace=2,
    ),
    T(
        "Un client ne paie pas depuis 60 jours : la marche à suivre",
        CLIENTS, "camille-durand", 20, 10, ("Facturation",),
        "Bonjour,\n\n"
        "Une agence me doit **1 200 € depuis deux mois** pour des maquettes livrées et "
        "validées. Trois relances par e-mail, réponses évasives (« c’est en cours, la compta est "
        "débordée »).\n\n"
        "Quelles sont les étapes avant d’aller plus loin ? Je ne veux pas me fâcher avec eux, "
        "mais je ne veux pas non plus travailler gratuitement.",
        likes=("quentin-rousseau", "romain-andre"),
        replies=(
            R("ines-mercier",
              "Je gère ça pour plusieurs clients, voici l’ordre que je suis :\n\n"
              "1. **Relance téléphonique** à la personne qui a commandé, pas à la compta.\n"
              "2. **Relance écrite ferme** rappelant les pénalités de retard et l’**indemnité "
              "forfaitaire de 40 €**, obligatoires sur tes factures entre professionnels.\n"
              "3. **Mise en demeure** par lettre recommandée, avec un délai de 8 jours.\n"
              "4. **Injonction de payer** auprès du tribunal : en ligne, sans avocat, pas cher.\n\n"
              "En pratique, 9 fois sur 10, ça se règle à l’étape 2 ou 3.",
              likes=("camille-durand", "romain-andre", "julien-moreau", "marie-lopez",
                     "quentin-rousseau")),
            R("romain-andre",
              "Et pour la suite : **acompte de 30 à 50 %** à la commande pour tout nouveau "
              "client. Depuis qu’on l’exige au studio, on n’a plus eu un seul impayé.",
              likes=("camille-durand", "ines-mercier")),
            R("julien-moreau",
              "Dans ce cas, je suspends aussi le travail en cours pour le même client, poliment "
              "mais fermement. C’est souvent ce qui débloque le virement.",
              likes=("camille-durand",)),
            R("camille-durand",
              "Mise à jour : relance ferme envoyée lundi avec les 40 € et les pénalités, "
              "**payée mercredi**. Merci pour la méthode !",
              likes=("ines-mercier", "romain-andre", "julien-moreau", "quentin-rousseau")),
        ),
        pace=2,
    ),
    T(
        "Malt : combien de missions en un an, et à quel prix ?",
        CLIENTS, "elodie-marchand", 15, 21, ("Malt", "Prospection"),
        "Bonsoir,\n\n"
        "J’ai créé mon profil Malt il y a six mois : deux demandes, zéro mission. J’entends "
        "tout et son contraire sur la plateforme.\n\n"
        "Vous y trouvez vraiment des clients ? Et vous y affichez le même TJM qu’en direct, "
        "sachant la commission ?",
        replies=(
            R("thomas-petit",
              "Malt m’apporte environ **30 % de mon chiffre d’affaires**, mais il m’a fallu un an "
              "pour décoller. Ce qui a fait la différence :\n\n"
              "- des **recommandations** de mes clients directs sur le profil ;\n"
              "- un titre précis (« Consultant SEO e-commerce Shopify ») plutôt que générique ;\n"
              "- répondre aux demandes **dans l’heure**.\n\n"
              "Même TJM qu’en direct : la commission, je la considère comme un coût "
              "d’acquisition.", likes=("elodie-marchand", "julien-moreau", "lucas-garnier")),
            R("julien-moreau",
              "Expérience inverse : les missions que j’ai eues sur Malt étaient tirées vers le "
              "bas. Je garde le profil pour la visibilité, mais mes clients viennent du "
              "bouche-à-oreille.", likes=("elodie-marchand",)),
            R("laura-fernandes",
              "Pour la traduction, Malt marche bien avec les agences de communication. Mettez "
              "vos combinaisons de langues rares dans le titre !",
              likes=("elodie-marchand", KARIM)),
        ),
        pace=2,
    ),
    T(
        "Comment j’ai trouvé mes 3 premiers clients (retour d’expérience)",
        CLIENTS, "nathalie-payet", 12, 7, ("Prospection", "Débutant"),
        "Bonjour à tous !\n\n"
        "On me demande souvent comment j’ai démarré à La Réunion, alors voici mon retour :\n\n"
        "1. **Mon ancien employeur**, un hôtel, est devenu mon premier client (ses réseaux "
        "sociaux).\n"
        "2. **Un salon local** des entrepreneurs : trois cartes de visite, un client.\n"
        "3. **Un article invité** sur le blog de l’office de tourisme, qui m’a valu un contact "
        "trois mois plus tard.\n\n"
        "Aucun n’est venu des plateformes. Et vous, vos premiers clients, c’était comment ?",
        likes=("amandine-perrin", "aurelie-vincent", CLAIRE, SOPHIE),
        replies=(
            R("aurelie-vincent",
              "Presque pareil en Martinique : **l’ancien employeur** d’abord, puis le "
              "bouche-à-oreille. Sur une île, tout le monde se connaît, c’est une force !",
              likes=("nathalie-payet",)),
            R("amandine-perrin",
              "Merci pour ce partage ! L’idée de l’article invité est excellente, je vais "
              "proposer quelque chose au blog de mon ancienne clinique.",
              likes=("nathalie-payet", CLAIRE)),
            R(CLAIRE,
              "Pour moi, ce sont **les anciens collègues** : quand on se lance, le réseau qu’on a "
              "déjà vaut plus que n’importe quelle plateforme. Il faut juste oser dire autour de "
              "soi qu’on est à son compte.", likes=("nathalie-payet", "amandine-perrin")),
        ),
        pace=3,
    ),
    # --- Astuces & outils ---------------------------------------------------------------------
    T(
        "Antidote : indispensable pour relire ?",
        TOOLS, "mathieu-leroy", 33, 9, ("Outils",),
        "Bonjour,\n\n"
        "Je relis mes articles moi-même, à voix haute, puis avec le correcteur de Google Docs. "
        "Plusieurs clients m’ont parlé d’**Antidote**.\n\n"
        "Est-ce que ça vaut vraiment l’investissement (une centaine d’euros) ? Qu’est-ce qu’il "
        "repère que les autres ne voient pas ?",
        replies=(
            R("marie-lopez",
              "Je suis correctrice et je l’utilise tous les jours. Il ne remplace pas une "
              "relecture humaine, mais il attrape :\n\n"
              "- les **accords** lointains (le participe passé avec *avoir*, les sujets "
              "inversés) ;\n"
              "- les **répétitions** sur tout le texte, pas seulement la phrase ;\n"
              "- la **typographie** : espaces insécables, guillemets, majuscules.\n\n"
              "Pour 100 € une fois, c’est le meilleur investissement d’un rédacteur.",
              likes=("mathieu-leroy", CLAIRE, KARIM, "amandine-perrin", "emma-chevalier")),
            R(KARIM,
              "Indispensable en traduction aussi : son dictionnaire des **anglicismes** m’a "
              "évité bien des calques.", likes=("marie-lopez",)),
            R(CLAIRE,
              "Je l’ai acheté il y a un an. L’astuce : faire passer le texte **à la fin**, pas "
              "pendant l’écriture, sinon on perd le fil.", likes=("marie-lopez", "mathieu-leroy")),
            R("mathieu-leroy", "Convaincu, je l’achète. Merci !", likes=("marie-lopez",)),
        ),
        pace=3,
    ),
    T(
        "Notion pour suivre ses devis et ses factures : mon modèle",
        TOOLS, "alexandre-blanc", 14, 14, ("Outils", "Facturation", "Devis"),
        "Bonjour à tous,\n\n"
        "Je forme des indépendants à Notion et on me demande souvent mon système de suivi. Le "
        "voici, en trois bases reliées :\n\n"
        "- **Clients** : coordonnées, source du contact, conditions de paiement ;\n"
        "- **Devis** : montant, statut (envoyé, relancé, accepté, refusé), date de relance ;\n"
        "- **Factures** : échéance, payée ou non, vue « en retard » filtrée automatiquement.\n\n"
        "La vue qui change tout : « **À relancer cette semaine** », qui regroupe les devis sans "
        "réponse depuis 8 jours et les factures échues.\n\n"
        "Attention, Notion ne remplace pas un logiciel de facturation : les factures elles-mêmes "
        "doivent être numérotées et non modifiables.",
        likes=("ines-mercier", CLAIRE, "quentin-rousseau", "aurelie-vincent", SOPHIE),
        replies=(
            R("ines-mercier",
              "J’utilise presque le même système pour mes clients ! J’ajoute une colonne "
              "« prochaine action » avec une date : Notion devient une vraie to-do commerciale.",
              likes=("alexandre-blanc",)),
            R("quentin-rousseau",
              "Merci pour le partage. Pour les factures elles-mêmes, vous utilisez quoi ? J’hésite "
              "entre les logiciels gratuits pour micro-entrepreneurs.",
              likes=()),
            R("alexandre-blanc",
              "> @quentin-rousseau a écrit :\n"
              "> Pour les factures elles-mêmes, vous utilisez quoi ?\n\n"
              "Un logiciel de facturation dédié : numérotation continue, mentions obligatoires, "
              "et il faudra de toute façon passer à la **facturation électronique** bientôt. "
              "Notion reste mon tableau de bord.",
              likes=("quentin-rousseau", "ines-mercier")),
            R(CLAIRE,
              "Adopté ! La vue « À relancer cette semaine » m’a déjà fait signer un devis que "
              "j’avais oublié.", likes=("alexandre-blanc",)),
        ),
        pace=2,
    ),
    T(
        "Canva pour les visuels LinkedIn : vos astuces",
        TOOLS, "aurelie-vincent", 9, 13, ("Outils", "LinkedIn"),
        "Hello !\n\n"
        "Je prépare les visuels LinkedIn de plusieurs clients sur **Canva**. Le problème : "
        "tout finit par se ressembler, et je passe trop de temps par visuel.\n\n"
        "Vous avez des astuces pour aller plus vite sans faire « template Canva » ?",
        replies=(
            R("camille-durand",
              "Graphiste ici ! Trois conseils :\n\n"
              "1. Crée un **kit de marque** par client (couleurs, polices, logo) et n’en sors "
              "jamais.\n"
              "2. Fais tes propres modèles à partir d’une page blanche, une fois, plutôt que de "
              "partir des modèles publics que tout le monde utilise.\n"
              "3. **Moins de texte** sur l’image : le texte va dans le post.",
              likes=("aurelie-vincent", SOPHIE, "nathalie-payet")),
            R(SOPHIE,
              "Et prépare les visuels **par lot**, un mois d’un coup : tu gagnes un temps fou "
              "par rapport à un visuel par jour.", likes=("aurelie-vincent", "camille-durand")),
            R("aurelie-vincent",
              "Kit de marque créé pour mes trois clients, et une demi-journée par mois pour tout "
              "préparer. Merci !", likes=("camille-durand", SOPHIE)),
        ),
        pace=2,
    ),
    T(
        "Combien d’articles par jour tenez-vous sans vous épuiser ?",
        TOOLS, CLAIRE, 4, 8, ("SEO",),
        "Question d’organisation : avec un gros client en ce moment, je me retrouve à écrire "
        "**trois articles de 1 000 mots par jour**. Au bout de deux semaines, je suis vidée et "
        "la qualité baisse.\n\n"
        "Vous tenez combien, vous, sur la durée ? Et comment vous organisez vos journées ?",
        likes=("nathalie-payet", "emma-chevalier"),
        replies=(
            R("laura-fernandes",
              "Deux textes par jour maximum, et jamais plus de quatre jours d’écriture par "
              "semaine : le cinquième, c’est admin, prospection et veille.",
              likes=(CLAIRE, "nathalie-payet")),
            R("nathalie-payet",
              "Je fais la **recherche** l’après-midi et la **rédaction** le lendemain matin, "
              "l’esprit frais. Ça m’a fait gagner en vitesse et en qualité.",
              likes=(CLAIRE, "manon-girard")),
            R("manon-girard",
              "Et ose dire au client que le délai passe à trois semaines. Un client qui veut "
              "des textes de qualité comprend très bien.", likes=(CLAIRE,)),
            R(KARIM,
              "En traduction, je plafonne à 3 000 mots par jour. Au-delà, les erreurs "
              "arrivent. Le décalage horaire m’aide : je livre pendant la nuit de Paris.",
              likes=(CLAIRE,)),
        ),
        pace=1.5,
    ),
    # --- Actualités du marché -----------------------------------------------------------------
    T(
        "L’IA fait-elle baisser les tarifs de la rédaction web ?",
        NEWS, "manon-girard", 38, 10, ("SEO",),
        "Depuis un an, trois de mes clients m’ont demandé de « relire des textes générés par IA » "
        "au lieu de les écrire, pour la moitié du prix.\n\n"
        "Vous le vivez comment ? Baisse de tarifs, changement de métier, ou rien de tout ça ?",
        likes=(CLAIRE, "elodie-marchand", "thomas-petit"),
        replies=(
            R("thomas-petit",
              "Côté SEO, je vois deux marchés qui se séparent :\n\n"
              "- le **contenu de volume** (fiches produits génériques, textes de remplissage) : "
              "les prix s’effondrent ;\n"
              "- le **contenu d’expertise** (avis, tests, interviews, données originales) : "
              "les prix montent, parce que c’est ce que Google et les lecteurs valorisent.\n\n"
              "Les rédacteurs qui s’en sortent sont dans la deuxième catégorie.",
              likes=("manon-girard", CLAIRE, "mathieu-leroy", "hugo-lambert")),
            R("hugo-lambert",
              "L’IA n’a jamais randonné au col de la Forclaz. Mes clients me paient pour ce que "
              "j’ai vu sur le terrain, et ça, ça ne se génère pas.",
              likes=("manon-girard", CLAIRE, "julie-fontaine")),
            R("mathieu-leroy",
              "Même constat en finance : les erreurs des textes générés coûtent cher aux "
              "clients. Je facture maintenant la **vérification** au même prix que l’écriture.",
              likes=("thomas-petit",)),
            R(CLAIRE,
              "> relire des textes générés par IA au lieu de les écrire, pour la moitié du prix\n\n"
              "J’ai eu la même demande. J’ai répondu que réécrire un texte mal structuré me "
              "prenait plus de temps que de l’écrire. Le client est revenu à la rédaction "
              "classique.", likes=("manon-girard", "elodie-marchand", "marie-lopez")),
            R("elodie-marchand",
              "En agence, on utilise l’IA pour les plans et les briefs, pas pour le texte final. "
              "Les clients qui ont publié du 100 % généré ont tous vu leur trafic baisser.",
              likes=("thomas-petit",)),
        ),
        pace=5,
    ),
    T(
        "Rédacteurs à 1 € les 100 mots : il faut boycotter ces plateformes ?",
        NEWS, "lea-roux", 42, 20, ("SEO", "Prospection"),
        "Une amie qui débute vient de me montrer une plateforme de rédaction qui paie **1 € les "
        "100 mots**. Soit 0,01 € le mot. Elle hésite à s’y inscrire « pour se faire la main ».\n\n"
        "Je trouve ça scandaleux : ces plateformes tirent tout le marché vers le bas. On devrait "
        "les boycotter, non ?",
        replies=(
            R("romain-andre",
              "Scandaleux, oui. Mais on ne peut pas reprocher à quelqu’un qui débute de chercher "
              "un premier revenu. Le vrai problème, ce sont les clients qui achètent ça.",
              likes=("lea-roux",)),
            R("julie-fontaine",
              "Pareil en photo avec les banques d’images à quelques centimes. Moi, je dis : "
              "ceux qui y vont se tirent une balle dans le pied, et nous avec.",
              likes=("lea-roux",)),
            R("romain-andre",
              "« Se tirer une balle dans le pied » : merci pour les débutants qui n’ont pas le "
              "choix. Tout le monde n’a pas dix ans de réseau.",
              likes=()),
            R("julie-fontaine",
              "Je n’ai jamais dit ça, arrête de déformer mes propos.",
              likes=()),
            R(SOPHIE,
              "Le sujet est important, mais la discussion tourne à l’échange personnel : je "
              "verrouille ce fil.\n\n"
              "Pour aider celles et ceux qui débutent à fixer leurs prix, le fil **« Vos tarifs "
              "cette année »** dans *Tarifs & devis* est bien plus utile. Merci à tous.",
              likes=("lea-roux", CLAIRE, "manon-girard")),
        ),
        pace=1.5, locked=True,
    ),
    T(
        "Facturation électronique : ce qui change pour les micro-entrepreneurs",
        NEWS, "ines-mercier", 17, 9, ("Facturation", "Micro-entreprise", "TVA"),
        "La réforme de la **facturation électronique** arrive pour tout le monde, y compris les "
        "micro-entrepreneurs. Le calendrier, tel qu’annoncé :\n\n"
        "- **septembre 2026** : toutes les entreprises doivent pouvoir **recevoir** des "
        "factures électroniques ;\n"
        "- **septembre 2027** : les TPE et micro-entreprises devront aussi les **émettre**.\n\n"
        "En pratique : une facture PDF envoyée par e-mail ne suffira plus pour vos clients "
        "professionnels. Il faudra passer par une **plateforme agréée**. Beaucoup de logiciels de "
        "facturation pour indépendants s’y préparent.\n\n"
        "Vous avez commencé à regarder ?",
        likes=("alexandre-blanc", "quentin-rousseau", SOPHIE, "emma-chevalier"),
        replies=(
            R("alexandre-blanc",
              "Merci pour le résumé ! Pour les clients particuliers, rien ne change a priori : "
              "c’est le « e-reporting » qui s’applique, pas la facture électronique.",
              likes=("ines-mercier",)),
            R("quentin-rousseau",
              "Mon logiciel de facturation m’a déjà envoyé un e-mail pour dire qu’il serait "
              "raccordé à une plateforme. Je croise les doigts pour que ce soit transparent.",
              likes=("ines-mercier",)),
            R(SOPHIE,
              "J’organise un atelier en ligne sur le sujet le mois prochain, je vous tiens au "
              "courant dans les événements.",
              likes=("ines-mercier", "quentin-rousseau", "emma-chevalier", CLAIRE)),
        ),
        pace=3,
    ),
    # --- Entraide -----------------------------------------------------------------------------
    T(
        "Cherche relecteur anglais pour un site de gîtes",
        HELP, CLAIRE, 23, 11, ("Traduction",),
        "Bonjour à tous,\n\n"
        "Un client a fait traduire en anglais les pages de son site de gîtes en Ardèche. Il "
        "m’a demandé si quelqu’un pouvait **relire la version anglaise** (une dizaine de "
        "pages, environ 4 000 mots) avant la mise en ligne.\n\n"
        "@karim tu fais ça, il me semble ? Ou quelqu’un d’autre ?",
        replies=(
            R(KARIM,
              "Avec plaisir ! Envoie-moi les textes : je te fais un devis d’ici demain. Pour "
              "4 000 mots de relecture, compte environ **une journée**.",
              likes=(CLAIRE,)),
            R("yann-le-goff",
              "Si jamais Karim est pris, je peux aussi, mais mes clients sont plutôt des "
              "chantiers navals que des gîtes !", likes=(CLAIRE, KARIM)),
            R(CLAIRE,
              "Merci à vous deux ! C’est calé avec Karim, le client est ravi.",
              likes=(KARIM,)),
        ),
        pace=1.2,
    ),
    T(
        "Projet trop gros : 40 fiches produits cosmétiques à passer",
        HELP, "emma-chevalier", 9, 10, ("SEO", "Devis"),
        "Bonjour,\n\n"
        "Une marque de cosmétiques naturels me confie sa nouvelle gamme, mais je n’ai pas le "
        "temps d’écrire les **40 fiches produits** en plus des pages de vente.\n\n"
        "Je cherche une rédactrice ou un rédacteur pour :\n\n"
        "- 40 fiches de 200 à 250 mots, **0,10 € le mot** ;\n"
        "- respect de la réglementation cosmétique (pas d’allégations de santé) ;\n"
        "- livraison en trois semaines.\n\n"
        "Intéressé·e ? Répondez ici ou écrivez-moi.",
        likes=(SOPHIE,),
        replies=(
            R("amandine-perrin",
              "Bonjour Emma, je suis très intéressée ! Mon passé d’infirmière m’aide justement à "
              "savoir ce qu’on peut dire ou pas sur la santé. Je t’envoie des exemples.",
              likes=("emma-chevalier", CLAIRE)),
            R("laura-fernandes",
              "Si la marque vend aussi au Portugal, je peux faire les versions portugaises "
              "ensuite !", likes=("emma-chevalier",)),
            R("emma-chevalier",
              "Merci à toutes les deux ! @amandine-perrin je t’ai écrit, on fait un essai sur "
              "trois fiches. @laura-fernandes je garde ton contact.",
              likes=("amandine-perrin", "laura-fernandes", SOPHIE)),
        ),
        pace=2,
    ),
    T(
        "Quelqu’un a déjà travaillé avec des offices de tourisme en Corse ?",
        HELP, "julie-fontaine", 35, 18, ("Prospection",),
        "Bonsoir,\n\n"
        "Je voudrais proposer des reportages photo et vidéo aux offices de tourisme corses, "
        "hors saison des mariages. Quelqu’un a-t-il déjà travaillé avec eux ? Comment se "
        "passent les appels d’offres, et à qui faut-il s’adresser ?",
    ),
)  # fmt: skip


# --- Seeding ----------------------------------------------------------------------------------


def post_times(topic: DemoTopic, today: date) -> list[datetime]:
    """When each post of a topic was written: the opening post at its day and hour, the replies
    at the pace of REPLY_GAPS, all before the seed's day so that none is in the future."""
    days = topic.days_ago
    start = datetime.combine(
        today - timedelta(days=days), time(topic.hour, days * 7 % 60), tzinfo=PARIS
    )
    offsets = []
    elapsed = 0.0
    for index, reply in enumerate(topic.replies):
        if reply.days_later is None:
            elapsed += REPLY_GAPS[(index + days) % len(REPLY_GAPS)] * topic.pace
        else:
            elapsed = reply.days_later * 24 * 60
        offsets.append(elapsed)
    latest = datetime.combine(today - timedelta(days=1), time(22, 30), tzinfo=PARIS)
    room = (latest - start).total_seconds() / 60
    scale = min(1.0, room / offsets[-1]) if offsets else 1.0
    return [start] + [start + timedelta(minutes=offset * scale) for offset in offsets]


def like_time(post: Post, member: Member, index: int, today: date) -> datetime:
    """A few hours after the post (or after the member joined, for an older post), and before
    both the member's last visit and the seed's day."""
    latest = datetime.combine(today - timedelta(days=1), time(23, 0), tzinfo=PARIS)
    if member.last_active_at:
        latest = min(latest, member.last_active_at - timedelta(minutes=5))
    seen = max(post.created_at, member.date_joined) + timedelta(hours=1 + index % 9)
    return min(seen, latest)


@contextmanager
def history_writing():
    """The services' brakes are for people typing now; the demo writes weeks of history at once.

    While seeding, the flood, duplicate and new-member limits are off, no post waits for
    approval (FORUMS_HOLD_FIRST_POSTS) and nothing is announced: a discussion from weeks ago is
    not news, and no demo member is notified or e-mailed about it. Everything else — numbering,
    rendering, mentions, read states, counters, search vectors — is the services' own work.
    """
    saved = (services._check_posting_limits, services._publication_status, services._announce)
    services._check_posting_limits = lambda author, body, *, new_topic: None
    services._publication_status = lambda author: PublicationStatus.PUBLISHED
    services._announce = lambda post, mentioned: None
    try:
        yield
    finally:
        services._check_posting_limits, services._publication_status, services._announce = saved


def seed_demo_forums(*, members: dict[str, Member], today: date) -> int:
    """Writes the demo topics that are missing and returns how many.

    A demo topic is known by its title: one that exists (even moved, locked or hidden by a
    moderator) is left alone, so a second run costs one query. The tags are created with the
    topics that use them: a tag an administrator deleted later is not brought back.
    """
    existing = set(
        Topic.objects.filter(title__in=[topic.title for topic in TOPICS]).values_list(
            "title", flat=True
        )
    )
    missing = [topic for topic in TOPICS if topic.title not in existing]
    if not missing:
        return 0
    needed = {name for topic in missing for name in topic.tags}
    Tag.objects.bulk_create(
        [
            Tag(slug=slugify(name), **tag_fields(name, text))
            for name, text in TAGS
            if name in needed
        ],
        ignore_conflicts=True,
    )
    tags = {tag.name_fr: tag for tag in Tag.objects.filter(name_fr__in=needed)}
    categories = {category.slug: category for category in Category.objects.all()}
    moderator = members[SOPHIE]
    created = 0
    with history_writing():
        for spec in missing:
            if spec.category in categories:
                topic_seed(spec, members, categories[spec.category], tags, moderator, today)
                created += 1
    services.categories_recount()
    return created


def topic_seed(
    spec: DemoTopic,
    members: dict[str, Member],
    category: Category,
    tags: dict[str, Tag],
    moderator: Member,
    today: date,
) -> None:
    topic = services.topic_create(
        author=members[spec.author],
        category=category,
        title=spec.title,
        body=spec.body,
        tags=[tags[name] for name in spec.tags if name in tags],
    )
    posts = [topic.first_post] + [
        services.post_create(author=members[reply.author], topic=topic, body=reply.body)
        for reply in spec.replies
    ]
    times = post_times(spec, today)
    latest = times[-1]

    # The services stamped everything with the current time: date it as the data says.
    likes = []
    for post, when, likers in zip(
        posts, times, [spec.likes, *(reply.likes for reply in spec.replies)], strict=True
    ):
        post.created_at = when
        post.like_count = len(likers)
        likes += [PostLike(post=post, member=members[handle]) for handle in likers]
    Post.objects.bulk_update(posts, ["created_at", "like_count"])
    likes = PostLike.objects.bulk_create(likes)
    for index, like in enumerate(likes):
        like.created_at = like_time(like.post, like.member, index, today)
    PostLike.objects.bulk_update(likes, ["created_at"])

    Topic.objects.filter(pk=topic.pk).update(
        created_at=times[0],
        last_post_at=latest,
        solution=posts[spec.accepted - 1] if spec.accepted else None,
        is_pinned=spec.pinned,
        is_locked=spec.locked,
    )
    # What topic_flag_set logs, without announcing it: Sophie pinned the rules at once, and
    # locked the heated topic with her last message.
    logged = []
    if spec.pinned:
        logged.append((ModerationAction.Kind.PIN, "Les règles, à lire en arrivant.", times[0]))
    if spec.locked:
        logged.append((ModerationAction.Kind.LOCK, "Échanges personnels.", latest))
    for kind, reason, when in logged:
        action = ModerationAction.objects.create(
            actor=moderator,
            kind=kind,
            target_type=ContentType.objects.get_for_model(Topic),
            target_id=topic.pk,
            target_label=str(topic)[:200],
            member=topic.author,
            reason=reason,
        )
        ModerationAction.objects.filter(pk=action.pk).update(created_at=when)
